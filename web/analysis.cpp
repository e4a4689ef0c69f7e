// The web API's cutoff and rank answers, computed as the CLI computes them (contract §6).
#include "web/analysis.hpp"

#include "geo/errors.hpp"
#include "layers/choice_text.hpp"
#include "layers/features.hpp"
#include "layers/network_store.hpp"
#include "routing/answer_json.hpp"
#include "routing/cutoff.hpp"
#include "routing/network_cache.hpp"
#include "routing/ranking.hpp"
#include "routing/risk.hpp"
#include "routing/search.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <thread>
#include <vector>

namespace allseason::web {

// A loaded network and the routing graphs over it, lent one request at a time.
struct analysis::loaded {
    std::optional<std::int64_t> generation;
    routing::network net;
    std::mutex mutex;
    std::condition_variable returned;
    std::vector<std::unique_ptr<routing::routing_graph>> graphs;
    std::vector<routing::routing_graph*> idle;
    std::deque<std::uint64_t> waiting; // tickets, first come first served
    // Per destination: dry-season travel minutes per node, the same for every scenario.
    std::map<int, std::shared_ptr<const std::vector<double>>> dry_minutes;
    std::uint64_t next_ticket = 0;
    std::size_t most = 2;
};

namespace {

// A graph borrowed from the pool; given back on destruction.
class graph_lease {
public:
    explicit graph_lease(analysis::loaded& pool) : m_pool(pool) {
        std::unique_lock lock(pool.mutex);
        if (pool.idle.empty() && pool.graphs.size() < pool.most) {
            pool.graphs.push_back(std::make_unique<routing::routing_graph>(pool.net));
            pool.idle.push_back(pool.graphs.back().get());
        }
        // In order of arrival: under a burst no request waits behind later ones.
        const auto ticket = pool.next_ticket++;
        pool.waiting.push_back(ticket);
        pool.returned.wait(lock,
                           [&] { return !pool.idle.empty() && pool.waiting.front() == ticket; });
        pool.waiting.pop_front();
        m_graph = pool.idle.back();
        pool.idle.pop_back();
        if (!pool.idle.empty())
            pool.returned.notify_all(); // the next ticket may take the other idle graph
    }
    ~graph_lease() {
        {
            std::lock_guard lock(m_pool.mutex);
            m_pool.idle.push_back(m_graph);
        }
        m_pool.returned.notify_all();
    }
    graph_lease(const graph_lease&) = delete;
    graph_lease& operator=(const graph_lease&) = delete;
    const routing::routing_graph& graph() const { return *m_graph; }

private:
    analysis::loaded& m_pool;
    routing::routing_graph* m_graph = nullptr;
};

constexpr std::size_t cutoff_cache_bytes = 64u << 20;

std::string query_key(const api_query& q) {
    return fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}", q.scenario, q.to, q.vehicle,
                       q.ford_depth,
                       q.budget_million_vnd ? fmt::format("{}", *q.budget_million_vnd) : "", q.by);
}

// What decides a cut-off answer besides the destination: which edges, nodes and crossings the
// scenario closes and why. Two choices with the same closures get the same villages, times and
// blockers; only the echoed scenario, vehicle and depth differ (set per request).
std::string closure_signature(const routing::network& net, const routing::scenario_rules& rules,
                              routing::destination to) {
    const routing::scenario_state state(net, rules);
    std::string bytes(net.edge_count() + net.node_count() + net.crossings.size() + 1, '\0');
    std::size_t i = 0;
    bytes[i++] = static_cast<char>(to);
    for (std::uint32_t e = 0; e < net.edge_count(); ++e) {
        const routing::edge_id id{e};
        bytes[i++] = static_cast<char>(state.edge_closure(id) | (state.edge_open(id) ? 0x80 : 0));
    }
    for (std::uint32_t n = 0; n < net.node_count(); ++n)
        bytes[i++] = state.node_closed(routing::node_id{n}) ? 1 : 0;
    for (std::uint32_t c = 0; c < net.crossings.size(); ++c)
        bytes[i++] = state.crossing_closed(c) ? 1 : 0;
    // Two independent 64-bit hashes of the closures: a collision among the few hundred answers
    // kept is beyond any practical chance.
    const auto h1 = std::hash<std::string>{}(bytes);
    bytes.push_back('#');
    const auto h2 = std::hash<std::string>{}(bytes);
    return fmt::format("{:016x}{:016x}", h1, h2);
}

// The kept answer text (dumped with an empty scenario, no vehicle, no depth) with this
// request's scenario, vehicle and depth put where cutoff_json's sorted keys put them:
// ford_depth_m before scenario, vehicle before villages. The tests compare the result with the
// CLI's output byte for byte.
std::string with_request_fields(const std::string& text, const layers::scenario_choice& choice) {
    static const std::string scenario_line = "\n  \"scenario\": \"\",\n";
    static const std::string villages_line = "\n  \"villages\": ";
    const auto at_scenario = text.find(scenario_line);
    const auto at_villages = text.find(villages_line);
    if (at_scenario == std::string::npos || at_villages == std::string::npos ||
        at_villages < at_scenario) {
        throw std::logic_error("cutoff answer text without its scenario or villages line");
    }
    std::string out = text.substr(0, at_scenario + 1);
    if (choice.ford_depth_m)
        out += "  \"ford_depth_m\": " + nlohmann::json(*choice.ford_depth_m).dump() + ",\n";
    out += "  \"scenario\": " + nlohmann::json(choice.scenario).dump() + ",";
    out.append(text, at_scenario + scenario_line.size() - 1,
               at_villages - (at_scenario + scenario_line.size() - 1));
    if (!choice.vehicle.empty())
        out += "\n  \"vehicle\": " + nlohmann::json(choice.vehicle).dump() + ",";
    out.append(text, at_villages, std::string::npos);
    return out;
}

bool by_household_days(const std::string& by) {
    if (by.empty() || by == "households")
        return false;
    if (by == "household_days")
        return true;
    throw usage_error(fmt::format("by={}: rank takes households or household_days", by));
}

} // namespace

analysis::analysis(project_access& access) : m_access(access) {}
analysis::~analysis() = default;

std::shared_ptr<analysis::loaded> analysis::current(bool with_proposed_roads) {
    const auto generation =
        m_access.with([](layers::project& p) { return layers::network_generation(p.db()); });
    std::lock_guard lock(m_load_mutex);
    auto& slot = m_networks[with_proposed_roads ? 1 : 0];
    if (slot && generation && slot->generation == generation)
        return slot;
    auto fresh = std::make_shared<loaded>();
    fresh->generation = generation;
    fresh->net = m_access.with([&](layers::project& p) {
        return routing::load_network(p, with_proposed_roads, nullptr, false);
    });
    fresh->most = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4);
    slot = fresh; // requests still searching the old network keep it alive until they finish
    return slot;
}

std::string analysis::cutoff_text(const api_query& q) {
    const auto to = routing::parse_destination(q.to);
    if (!q.ford_depth.empty()) {
        const auto depths = layers::parse_ford_depths(q.ford_depth);
        if (depths.size() > 1) {
            std::vector<routing::scenario_rules> rules;
            m_access.with([&](layers::project& p) {
                for (const double depth : depths) {
                    const layers::scenario_choice choice{q.scenario, q.vehicle, depth};
                    rules.push_back(
                        routing::scenario_rules::from(layers::resolve_scenario(p, choice)));
                }
                return 0;
            });
            const auto network = current(false);
            const graph_lease lease(*network);
            const auto& net = network->net;
            const auto dry =
                lease.graph().reach(routing::scenario_state(net, routing::scenario_rules::dry()),
                                    routing::require_destination(net, to));
            const routing::cutoff_request request{false, &dry};
            nlohmann::json sweep = nlohmann::json::array();
            for (std::size_t i = 0; i < depths.size(); ++i) {
                const auto answer = routing::compute_cutoff(lease.graph(), rules[i], to, request);
                sweep.push_back(routing::sweep_step_json(net, depths[i], answer));
            }
            return routing::answer_text(routing::sweep_json(q.scenario, to, q.vehicle, sweep));
        }
    }
    const auto choice = layers::choice_of(q.scenario, q.vehicle, q.ford_depth);
    const auto rules = m_access.with([&](layers::project& p) {
        return routing::scenario_rules::from(layers::resolve_scenario(p, choice));
    });
    const auto network = current(false);
    const auto key = closure_signature(network->net, rules, to);
    std::shared_ptr<const std::string> known;
    {
        std::lock_guard lock(m_cutoff_mutex);
        if (m_cutoff_network != network) {
            m_cutoff_answers.clear();
            m_cutoff_order.clear();
            m_cutoff_bytes = 0;
            m_cutoff_network = network;
        }
        if (const auto it = m_cutoff_answers.find(key); it != m_cutoff_answers.end())
            known = std::static_pointer_cast<const std::string>(it->second);
    }
    if (!known) {
        const graph_lease lease(*network);
        // The dry search once per destination and network (compute_cutoff takes it given).
        std::shared_ptr<const std::vector<double>> dry;
        {
            std::lock_guard lock(network->mutex);
            dry = network->dry_minutes[static_cast<int>(to)];
        }
        if (!dry) {
            const auto& net = network->net;
            dry = std::make_shared<const std::vector<double>>(lease.graph().travel_minutes(
                routing::scenario_state(net, routing::scenario_rules::dry()),
                routing::require_destination(net, to)));
            std::lock_guard lock(network->mutex);
            network->dry_minutes[static_cast<int>(to)] = dry;
        }
        auto answer = routing::compute_cutoff(lease.graph(), rules, to, {true, dry.get()});
        answer.scenario.clear();
        known = std::make_shared<const std::string>(
            routing::answer_text(routing::cutoff_json(network->net, answer, "", std::nullopt)));
        std::lock_guard lock(m_cutoff_mutex);
        if (m_cutoff_network == network) {
            if (m_cutoff_answers.emplace(key, known).second) {
                m_cutoff_order.push_back(key);
                m_cutoff_bytes += known->size();
            }
            // Bounded memory: the oldest answers go first once the texts pass 64 MB.
            while (m_cutoff_bytes > cutoff_cache_bytes && m_cutoff_order.size() > 1) {
                const auto it = m_cutoff_answers.find(m_cutoff_order.front());
                m_cutoff_bytes -= std::static_pointer_cast<const std::string>(it->second)->size();
                m_cutoff_answers.erase(it);
                m_cutoff_order.pop_front();
            }
        }
    }
    return with_request_fields(*known, choice);
}

std::string analysis::rank_text(const api_query& q) {
    const auto to = routing::parse_destination(q.to);
    const auto choice = layers::choice_of(q.scenario, q.vehicle, q.ford_depth);
    routing::rank_options options;
    options.budget_million_vnd = q.budget_million_vnd;
    options.by_household_days = by_household_days(q.by);
    std::vector<layers::reserve_zone> reserves;
    const auto rules = m_access.with([&](layers::project& p) {
        options.closure_days = routing::closure_day_rules_from(layers::read_settings(p));
        reserves = layers::read_reserve_zones(p);
        return routing::scenario_rules::from(layers::resolve_scenario(p, choice));
    });
    const auto network = current(true);
    const auto key = query_key(q);
    {
        std::lock_guard lock(m_rank_mutex);
        if (m_rank_generation != network->generation || !network->generation) {
            m_rank_answers.clear();
            m_rank_generation = network->generation;
        }
        if (const auto it = m_rank_answers.find(key); it != m_rank_answers.end())
            return it->second;
    }
    const graph_lease lease(*network);
    auto answer = routing::compute_ranking(lease.graph(), rules, to, reserves, options);
    answer.scenario = choice.scenario;
    auto text = routing::answer_text(routing::rank_json(network->net, answer));
    std::lock_guard lock(m_rank_mutex);
    if (m_rank_generation == network->generation && m_rank_answers.size() < 256)
        m_rank_answers[key] = text;
    return text;
}

} // namespace allseason::web
