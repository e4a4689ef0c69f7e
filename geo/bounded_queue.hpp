#pragma once
// A bounded first-in first-out queue between one producing and one consuming thread: the
// import's reader (GDAL) and writer (SQLite), and the writer and the thread that streams its
// rows to PostgreSQL. Hand-written because none of our dependencies
// (Boost is here for its graph headers only; boost::lockfree would need spinning or a second
// wake-up scheme) offers a blocking bounded queue with both ends able to stop the other: the
// consumer cancels when writing fails, the producer closes when reading ends or fails.
// A mutex and two condition variables are enough at a few hundred batches a second.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

namespace allseason::geo {

template <class T> class bounded_queue {
public:
    explicit bounded_queue(std::size_t capacity) : m_capacity(capacity) {}

    // Waits while the queue is full. False when the consumer has cancelled: stop producing.
    bool push(T item) {
        std::unique_lock lock(m_mutex);
        m_not_full.wait(lock, [&] { return m_cancelled || m_items.size() < m_capacity; });
        if (m_cancelled) {
            return false;
        }
        m_items.push_back(std::move(item));
        m_not_empty.notify_one();
        return true;
    }

    // Waits for an item; nullopt once the producer has closed and everything was taken, or
    // after cancel().
    std::optional<T> pop() {
        std::unique_lock lock(m_mutex);
        m_not_empty.wait(lock, [&] { return m_cancelled || m_closed || !m_items.empty(); });
        if (m_cancelled || m_items.empty()) {
            return std::nullopt;
        }
        T item = std::move(m_items.front());
        m_items.pop_front();
        m_not_full.notify_one();
        return item;
    }

    // The producer is done (normally or not).
    void close() {
        std::lock_guard lock(m_mutex);
        m_closed = true;
        m_not_empty.notify_all();
    }

    // The consumer stops: a waiting or later push() returns false; what is queued is dropped.
    void cancel() {
        std::lock_guard lock(m_mutex);
        m_cancelled = true;
        m_items.clear();
        m_not_full.notify_all();
        m_not_empty.notify_all();
    }

private:
    std::size_t m_capacity;
    std::mutex m_mutex;
    std::condition_variable m_not_full;
    std::condition_variable m_not_empty;
    std::deque<T> m_items;
    bool m_closed = false;
    bool m_cancelled = false;
};

} // namespace allseason::geo
