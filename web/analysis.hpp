#pragma once
// The web map's answers: the project behind one mutex (SQLite connections and statements are
// never shared between httplib's threads), the network loaded once and again only when the
// project's network generation changes, and a small pool of routing graphs so that requests on
// several threads search at once (a routing_graph answers one question at a time).
#include "layers/project.hpp"
#include "routing/network.hpp"

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace allseason::routing {
class routing_graph;
}

namespace allseason::web {

// The one project connection of the server; every use holds the lock.
class project_access {
public:
    explicit project_access(layers::project project) : m_project(std::move(project)) {}
    // Each use first brings in what other writers of a PostgreSQL project committed.
    template <class F> auto with(F&& use) {
        std::lock_guard lock(m_mutex);
        m_project.refresh();
        return use(m_project);
    }
    // A write: on PostgreSQL under the schema's writer lock, so that it never interleaves with
    // a command's.
    template <class F> auto with_write(F&& use) {
        std::lock_guard lock(m_mutex);
        layers::project::write_turn turn(m_project);
        auto result = use(m_project);
        turn.finish();
        return result;
    }

private:
    std::mutex m_mutex;
    layers::project m_project;
};

// The API's query parameters (contract §6): as the CLI's options of the same names.
struct api_query {
    std::string scenario = "rainy";
    std::string to = "commune_centre";
    std::string vehicle;
    std::string ford_depth; // empty, one depth, or (cutoff only) a comma list: a sweep
    std::optional<double> budget_million_vnd;
    std::string by; // rank only: households (default) or household_days
};

class analysis {
public:
    struct loaded; // a loaded network and its graph pool

    explicit analysis(project_access& access);
    ~analysis();
    analysis(const analysis&) = delete;
    analysis& operator=(const analysis&) = delete;

    // The text `cutoff --format json` / `rank --format json` prints for the same options.
    std::string cutoff_text(const api_query& query);
    std::string rank_text(const api_query& query);

private:
    std::shared_ptr<loaded> current(bool with_proposed_roads);

    project_access& m_access;
    std::mutex m_load_mutex;
    std::shared_ptr<loaded> m_networks[2]; // today's; with proposed roads (rank)
    // Cut-off answers by what the scenario closes (many depths close the same fords): a slider
    // dragged by many people asks few distinct questions. Kept per loaded network.
    std::mutex m_cutoff_mutex;
    std::shared_ptr<loaded> m_cutoff_network;
    std::map<std::string, std::shared_ptr<const void>> m_cutoff_answers;
    std::deque<std::string> m_cutoff_order; // oldest first
    std::size_t m_cutoff_bytes = 0;
    std::mutex m_rank_mutex;
    std::optional<std::int64_t> m_rank_generation;
    std::map<std::string, std::string> m_rank_answers; // ranking is slow: kept per generation
};

} // namespace allseason::web
