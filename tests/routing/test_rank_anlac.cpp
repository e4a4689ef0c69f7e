// The An Lạc example's ranking against the table and portfolio in examples/anlac/README.md,
// which an independent cross-check generated (not our own output).
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <regex>
#include <sstream>

namespace {

using namespace allseason;

const std::filesystem::path example =
    std::filesystem::path(ALLSEASON_SOURCE_DIR) / "examples/anlac";

struct readme_row {
    std::string code;
    std::int64_t households = 0;
    std::vector<std::string> villages;
    double per_billion = 0;
};

std::vector<std::string> cells(const std::string& line) {
    std::vector<std::string> out;
    std::istringstream in(line.substr(1));
    std::string cell;
    while (std::getline(in, cell, '|')) {
        const auto a = cell.find_first_not_of(' ');
        const auto b = cell.find_last_not_of(' ');
        out.push_back(a == std::string::npos ? "" : cell.substr(a, b - a + 1));
    }
    return out;
}

std::vector<readme_row> readme_ranking(std::string& after) {
    const std::string text = test::read_file(example / "README.md");
    const auto start = text.find("### Projects, one at a time");
    REQUIRE(start != std::string::npos);
    std::istringstream lines(text.substr(start));
    std::string line;
    std::getline(lines, line);
    std::vector<readme_row> rows;
    while (std::getline(lines, line) && line.rfind("###", 0) != 0) {
        if (line.rfind("| ", 0) != 0 || line.find("---") != std::string::npos ||
            line.find("| rank |") == 0) {
            if (!rows.empty() && !line.empty()) {
                after += line + "\n";
            }
            continue;
        }
        const auto c = cells(line);
        REQUIRE(c.size() >= 8);
        readme_row row{c[1], std::stoll(c[5]), {}, std::stod(c[7])};
        if (c[6] != "–") {
            std::istringstream villages(c[6]);
            for (std::string v; villages >> v;) {
                row.villages.push_back(v.back() == ',' ? v.substr(0, v.size() - 1) : v);
            }
        }
        rows.push_back(row);
    }
    return rows;
}

} // namespace

TEST_CASE("the An Lạc ranking agrees with the example's README", "[routing][rank][anlac]") {
    std::string portfolio_text;
    const auto expected = readme_ranking(portfolio_text);
    REQUIRE(expected.size() == 11);

    test::temp_dir dir;
    auto r = test::run_allseason({"demo", (dir / "demo").string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    r = test::run_allseason({"rank", (dir / "demo" / "anlac.sqlite").string(), "--budget",
                             "10000", "--format", "json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.out);
    REQUIRE(j["projects"].size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const auto& got = j["projects"][i];
        CAPTURE(i, expected[i].code);
        CHECK(got["code"] == expected[i].code);
        CHECK(got["households_unflooded"] == expected[i].households);
        CHECK(got["villages_unflooded"] == expected[i].villages);
        CHECK(got["households_per_billion_vnd"].get<double>() ==
              Approx(expected[i].per_billion).margin(0.005));
    }

    // "**P02, P04** (cost 9,600, 152 households unflooded ..." and "unflood 276 households".
    std::smatch m;
    REQUIRE(std::regex_search(portfolio_text, m,
                              std::regex(R"(\*\*([A-Z0-9, ]+)\*\* \(cost ([0-9,]+), ([0-9]+) households)")));
    std::vector<std::string> codes;
    std::istringstream in(m[1].str());
    for (std::string code; std::getline(in, code, ',');) {
        codes.push_back(code.substr(code.find_first_not_of(' ')));
    }
    auto number = [](std::string s) {
        std::erase(s, ',');
        return std::stoll(s);
    };
    const auto& portfolio = j["portfolio"];
    CHECK(portfolio["method"] == "exact");
    CHECK(portfolio["projects"] == codes);
    CHECK(portfolio["cost_million_vnd"] == number(m[2].str()));
    CHECK(portfolio["households_unflooded"] == number(m[3].str()));
    REQUIRE(std::regex_search(portfolio_text, m,
                              std::regex(R"(together \(cost ([0-9,]+)\) unflood ([0-9]+) households)")));
    CHECK(j["curve"].back()["cumulative_households_unflooded"] == number(m[2].str()));
}
