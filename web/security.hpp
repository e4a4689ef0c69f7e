#pragma once
// What keeps the web map safe: Argon2id password hashes, sign-in sessions, CSRF tokens,
// per-address rate limits and HTML escaping. libsodium does the cryptography.
#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace allseason::web {

// Argon2id (libsodium crypto_pwhash_str, interactive limits): the encoded hash, salt included.
std::string hash_password(const std::string& password);
bool password_matches(const std::string& encoded_hash, const std::string& password);

// 32 random bytes as 64 hex digits.
std::string random_token();

// Text made safe to place in HTML (elements and quoted attributes).
std::string html_escape(std::string_view text);

using clock = std::chrono::steady_clock;

struct session {
    std::string user;
    std::string csrf; // this session's token for forms and writes
    clock::time_point expires;
};

// Signed-in planners, held in memory: a restart signs everyone out (nothing secret on disk).
class session_store {
public:
    explicit session_store(std::chrono::minutes lifetime = std::chrono::hours(8))
        : m_lifetime(lifetime) {}
    // A new session for `user`; returns its id (the cookie's value).
    std::string open(const std::string& user);
    std::optional<session> find(const std::string& id);
    void close(const std::string& id);

private:
    std::mutex m_mutex;
    std::map<std::string, session> m_sessions;
    std::chrono::minutes m_lifetime;
};

// CSRF tokens for visitors without a session (the feedback and sign-in forms): an expiry
// time and a keyed MAC of it and the form's purpose, so nothing is kept per visitor.
class form_tokens {
public:
    form_tokens();
    std::string issue(std::string_view purpose) const;
    bool valid(std::string_view purpose, const std::string& token) const;

private:
    std::string mac(std::string_view text) const;
    std::vector<unsigned char> m_key;
};

// At most `limit` requests per `window` from one address (a sliding log per address).
class rate_limiter {
public:
    rate_limiter(std::size_t limit, std::chrono::seconds window)
        : m_limit(limit), m_window(window) {}
    // Counts the request; false when the address is over its limit (the request is refused).
    bool allow(const std::string& address);

private:
    std::mutex m_mutex;
    std::map<std::string, std::vector<clock::time_point>> m_log;
    std::size_t m_limit;
    std::chrono::seconds m_window;
};

// Compares two strings in time independent of where they differ.
bool same_secret(const std::string& a, const std::string& b);

} // namespace allseason::web
