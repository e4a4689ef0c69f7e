// The portfolio optimiser on hand-drawn component graphs, and checked against brute-force
// enumeration on random ones.
#include "geo/errors.hpp"
#include "routing/portfolio.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <initializer_list>
#include <random>

using namespace allseason::routing;

namespace {

project_link link(std::uint32_t a, std::uint32_t b) { return {{a}, {b}}; }

// A component graph written compactly: components, the destination ones, places, projects.
struct graph_builder {
    component_graph g;
    explicit graph_builder(std::uint32_t components, std::initializer_list<std::uint32_t> dest) {
        g.component_count = components;
        for (auto d : dest) {
            g.destinations.push_back({d});
        }
    }
    graph_builder& place(std::uint32_t c, std::int64_t households, const std::string& village) {
        g.places.push_back({{c}, households, village});
        return *this;
    }
    graph_builder& project(const std::string& code, std::int64_t cost_million,
                           std::vector<project_link> links, bool in_portfolios = true) {
        g.projects.push_back({code, cost_million * 1'000'000, std::move(links), in_portfolios});
        return *this;
    }
};

std::vector<std::string> codes(const portfolio_model& m, const std::vector<std::size_t>& set) {
    std::vector<std::string> out;
    for (auto p : set) {
        out.push_back(m.graph().projects[p].code);
    }
    return out;
}

portfolio_options budget(std::int64_t million) {
    portfolio_options o;
    o.budget_vnd = million * 1'000'000;
    return o;
}

} // namespace

TEST_CASE("two fords in series: worthless alone, worth the village together", "[routing][rank]") {
    // Trung tâm xã (0) ==F1== bãi giữa (1, nobody) ==F2== Nà Trắng (2, 124 households)
    graph_builder b(3, {0});
    b.place(0, 300, "TT").place(2, 124, "NT");
    b.project("F1", 3000, {link(0, 1)}).project("F2", 2500, {link(1, 2)});
    const portfolio_model m(b.g);
    REQUIRE(m.unreached_households() == 124);
    const auto singles = m.singles();
    CHECK(singles[0].households == 0);
    CHECK(singles[1].households == 0);
    const std::vector<std::size_t> both{0, 1};
    CHECK(m.value(both) == 124);
    CHECK(m.reached_places(both) == std::vector<std::size_t>{1});

    const auto enough = m.best_portfolio(budget(6000));
    CHECK(enough.method == "exact");
    CHECK(codes(m, enough.projects) == std::vector<std::string>{"F1", "F2"});
    CHECK(enough.cost_vnd == 5'500'000'000);
    CHECK(enough.households == 124);

    // One bridge's money buys nothing: the empty set, not a useless bridge.
    const auto short_budget = m.best_portfolio(budget(4000));
    CHECK(short_budget.projects.empty());
    CHECK(short_budget.households == 0);
    CHECK(short_budget.cost_vnd == 0);

    const std::vector<std::size_t> asked{0, 1};
    const auto partners = m.partners_of(asked);
    REQUIRE(partners[0]);
    CHECK(codes(m, partners[0]->partners) == std::vector<std::string>{"F2"});
    CHECK(partners[0]->households == 124);
    CHECK(partners[0]->cost_vnd == 5'500'000'000);
    REQUIRE(partners[1]);
    CHECK(codes(m, partners[1]->partners) == std::vector<std::string>{"F1"});

    // The curve buys them as one bundle.
    const auto curve = m.build_curve();
    REQUIRE(curve.size() == 1);
    CHECK(curve[0].projects.size() == 2);
    CHECK(curve[0].cumulative_households == 124);
}

TEST_CASE("parallel alternatives: either suffices, the portfolio buys the cheaper",
          "[routing][rank]") {
    // Two bridge sites on the same stream to Bản Khe (1).
    graph_builder b(2, {0});
    b.place(1, 80, "BK");
    b.project("Cầu trên", 500, {link(0, 1)}).project("Cầu dưới", 300, {link(1, 0)});
    const portfolio_model m(b.g);
    const auto singles = m.singles();
    CHECK(singles[0].households == 80);
    CHECK(singles[1].households == 80);
    const auto p = m.best_portfolio(budget(1000));
    CHECK(p.method == "exact");
    CHECK(codes(m, p.projects) == std::vector<std::string>{"Cầu dưới"});
    CHECK(p.households == 80);
    CHECK(p.cost_vnd == 300'000'000);
    const auto h = m.heuristic_portfolio(1000 * 1'000'000LL);
    CHECK(codes(m, h.projects) == std::vector<std::string>{"Cầu dưới"});
}

TEST_CASE("budget ties go to the cheaper set", "[routing][rank]") {
    // Village A (50) by P1 (400) or village B (50) by P2 (300): same households, P2 cheaper.
    // Village C (100) by P3 + P4 in series (350 + 350) or by P5 alone (650).
    graph_builder b(6, {0});
    b.place(1, 50, "A").place(2, 50, "B").place(4, 100, "C");
    b.project("P1", 400, {link(0, 1)}).project("P2", 300, {link(0, 2)});
    b.project("P3", 350, {link(0, 3)}).project("P4", 350, {link(3, 4)});
    b.project("P5", 650, {link(0, 4)});
    const portfolio_model m(b.g);
    CHECK(codes(m, m.best_portfolio(budget(400)).projects) == std::vector<std::string>{"P2"});
    CHECK(codes(m, m.best_portfolio(budget(700)).projects) == std::vector<std::string>{"P5"});
    const auto p = m.best_portfolio(budget(1000));
    CHECK(codes(m, p.projects) == std::vector<std::string>{"P2", "P5"});
    CHECK(p.households == 150);
    CHECK(p.cost_vnd == 950'000'000);
}

TEST_CASE("projects off every route are recognised and pruned", "[routing][rank]") {
    // 0 dest; 1 village (10); 2 empty dead end beyond 1; 3-4 an island no project reaches;
    // 5-6 an empty loop hanging off village 1 (1-5-6-1); 7 a village behind the loop's 6.
    graph_builder b(8, {0});
    b.place(1, 10, "V1").place(4, 40, "V4").place(7, 25, "V7");
    b.project("useful", 100, {link(0, 1)});
    b.project("dead end", 100, {link(1, 2)});
    b.project("island", 100, {link(3, 4)});
    b.project("self loop", 100, {link(1, 1)});
    b.project("loop a", 100, {link(1, 5)});
    b.project("loop b", 100, {link(5, 6)});
    b.project("loop c", 100, {link(6, 1)});
    const portfolio_model without_7(b.g);
    for (std::size_t p : {4, 5, 6}) {
        CHECK_FALSE(without_7.relevant(p));
    }
    b.project("to Bản Bảy", 100, {link(6, 7)}); // now the loop leads somewhere
    const portfolio_model m(b.g);
    for (std::size_t p : {4, 5, 6, 7}) {
        CHECK(m.relevant(p));
    }
    CHECK(m.relevant(0));
    CHECK_FALSE(m.relevant(1));
    CHECK_FALSE(m.relevant(2));
    CHECK_FALSE(m.relevant(3));
    const std::vector<std::size_t> asked{1, 2, 5};
    const auto partners = m.partners_of(asked);
    CHECK_FALSE(partners[0]);
    CHECK_FALSE(partners[1]);
    REQUIRE(partners[2]); // loop b needs the village's bridge, one side of the loop, the last link
    CHECK(partners[2]->households == 35);
    CHECK(partners[2]->partners.size() == 3);
    const auto best = m.best_portfolio(budget(1000));
    CHECK(best.households == 35);
    CHECK(best.cost_vnd == 300'000'000); // the bridge, one side of the loop, the last link
}

TEST_CASE("places and projects must name components of the graph", "[routing][rank]") {
    graph_builder b(2, {0});
    b.project("P", 1, {link(0, 2)});
    CHECK_THROWS_AS(portfolio_model(b.g), allseason::data_error);
    graph_builder c(2, {0});
    c.place(5, 1, "X");
    CHECK_THROWS_AS(portfolio_model(c.g), allseason::data_error);
}

TEST_CASE("a project left out of portfolios is still ranked alone", "[routing][rank]") {
    graph_builder b(2, {0});
    b.place(1, 60, "KR");
    b.project("qua vùng lõi", 100, {link(0, 1)}, false);
    b.project("đường vòng", 900, {link(0, 1)});
    const portfolio_model m(b.g);
    CHECK(m.singles()[0].households == 60);
    CHECK(codes(m, m.best_portfolio(budget(1000)).projects) ==
          std::vector<std::string>{"đường vòng"});
    CHECK(codes(m, m.heuristic_portfolio(1000'000'000).projects) ==
          std::vector<std::string>{"đường vòng"});
}
