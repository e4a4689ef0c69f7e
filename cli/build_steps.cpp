#include "cli/build_steps.hpp"

#include "cli/commands.hpp"
#include "geo/errors.hpp"
#include "geo/text.hpp"
#include "layers/project.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

namespace allseason::cli {

void build_report::log(const std::string& line) {
    m_log.push_back(line);
    if (m_show_progress) {
        std::cerr << "  " << line << '\n';
    }
}

void build_report::warn(const std::string& line) {
    m_warnings.push_back(line);
    if (m_show_progress) {
        std::cerr << "  warning: " << line << '\n';
    }
}

std::string build_report::summary() const {
    std::string out;
    for (const auto& s : m_sentences) {
        out += s + "\n";
    }
    if (!m_files.empty()) {
        out += "\n";
        for (const auto& f : m_files) {
            out += "  " + f.string() + "\n";
        }
    }
    if (!m_warnings.empty()) {
        out += m_vietnamese ? fmt::format("\n{} cảnh báo:\n", m_warnings.size())
                            : fmt::format("\n{} warning(s):\n", m_warnings.size());
        for (const auto& w : m_warnings) {
            out += "  " + w + "\n";
        }
    }
    return out;
}

namespace {

// Sends std::cout to another buffer while it lives (the commands print only through it).
class stdout_redirect {
public:
    explicit stdout_redirect(std::streambuf* target) : m_previous(std::cout.rdbuf(target)) {}
    ~stdout_redirect() { std::cout.rdbuf(m_previous); }
    stdout_redirect(const stdout_redirect&) = delete;
    stdout_redirect& operator=(const stdout_redirect&) = delete;

private:
    std::streambuf* m_previous;
};

// Runs one command with its standard output going to `file`, so that build keeps exactly
// what the command would print (the contract's JSON) as a file in OUTDIR.
int run_into(const std::filesystem::path& file, const std::function<int()>& command) {
    std::ofstream out(file, std::ios::binary);
    if (!out) {
        throw io_error(fmt::format("{}: cannot write", file.string()));
    }
    stdout_redirect redirect(out.rdbuf());
    return command();
}

// Runs a command that writes its own file, keeping its stdout note out of the summary.
int run_quietly(const std::function<int()>& command) {
    std::ostringstream sink;
    stdout_redirect redirect(sink.rdbuf());
    return command();
}

nlohmann::json read_json(const std::filesystem::path& file) {
    std::ifstream in(file);
    return nlohmann::json::parse(in);
}

std::string place_name(const std::string& destination, bool vi) {
    static const std::map<std::string, std::pair<std::string, std::string>> names{
        {"commune_centre", {"trung tâm xã", "the commune centre"}},
        {"health_station", {"trạm y tế", "the health station"}},
        {"primary_school", {"trường tiểu học", "a primary school"}},
        {"secondary_school", {"trường trung học cơ sở", "a secondary school"}},
        {"market", {"chợ", "a market"}},
        {"highway", {"quốc lộ", "the national road"}}};
    const auto it = names.find(destination);
    if (it == names.end()) {
        return destination;
    }
    return vi ? it->second.first : it->second.second;
}

std::string season_name(const std::string& scenario, bool vi) {
    if (scenario == "rainy") {
        return vi ? "mùa mưa" : "the rainy season";
    }
    if (scenario == "dry") {
        return vi ? "mùa khô" : "the dry season";
    }
    return vi ? "kịch bản " + scenario : "scenario " + scenario;
}

// Whole numbers grouped as each language writes them: 6.800 in Vietnamese, 6,800 in English.
std::string thousands(double value, bool vi) {
    return geo::group_thousands(static_cast<long long>(std::llround(value)), vi ? '.' : ',');
}

// The portfolio method in words: the engine's names are English identifiers.
std::string method_name(const std::string& method, bool vi) {
    if (!vi) {
        return method;
    }
    if (method == "exact") {
        return "tối ưu (chính xác)";
    }
    if (method == "greedy+bundles") {
        return "tham lam + gói công trình";
    }
    return method;
}

// Villages whose households are not known yet, by name (the code when unnamed).
std::vector<std::string> unknown_household_villages(const nlohmann::json& answer) {
    std::vector<std::string> out;
    for (const auto& v : answer.at("villages")) {
        if (v.at("households").is_null()) {
            out.push_back(v.at("name").is_string() ? v.at("name").get<std::string>()
                                                   : v.at("code").get<std::string>());
        }
    }
    return out;
}

// Villages of unknown households are counted as villages but not in the household sums
// (contract §1): the summary names them rather than letting a 0 pass for a count.
void say_unknown_households(const nlohmann::json& answer, bool vi, build_report& report) {
    const auto unknown = unknown_household_villages(answer);
    if (unknown.empty()) {
        return;
    }
    const std::string list = fmt::format("{}", fmt::join(unknown, ", "));
    report.say(
        vi ? fmt::format("{} thôn chưa có số hộ: {}.", unknown.size(), list)
           : fmt::format("{} villages have no household count yet: {}.", unknown.size(), list));
}

void say_cutoff(const nlohmann::json& answer, bool vi, build_report& report) {
    const auto& summary = answer.at("summary");
    std::vector<std::string> names;
    for (const auto& v : answer.at("villages")) {
        if (v.value("reachable_dry", false) && !v.value("reachable", true)) {
            names.push_back(v.at("name").is_string() ? v.at("name").get<std::string>()
                                                     : v.at("code").get<std::string>());
        }
    }
    // Vietnamese order: by the letters without their marks (Nà Ó before Nà Trắng).
    std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
        return std::pair(geo::fold_for_match(a), a) < std::pair(geo::fold_for_match(b), b);
    });
    const auto cut = summary.at("villages_cut_off").get<long>();
    const auto villages = summary.at("villages").get<long>();
    const auto households = summary.at("households_cut_off").get<double>();
    const std::string place = place_name(answer.at("destination"), vi);
    const std::string season = season_name(answer.at("scenario"), vi);
    const std::string list = fmt::format("{}", fmt::join(names, ", "));
    if (cut == 0) {
        report.say(vi ? fmt::format("Cả {} thôn đều đi được tới {} quanh năm trong {}.", villages,
                                    place, season)
                      : fmt::format("All {} villages keep all-season access to {} in {}.", villages,
                                    place, season));
        return;
    }
    report.say(vi ? fmt::format("{} trên {} thôn ({} hộ) mất đường đi tới {} trong {}: {}.", cut,
                                villages, thousands(households, vi), place, season, list)
                  : fmt::format("{} of {} villages ({} households) lose all-season access to {} "
                                "in {}: {}.",
                                cut, villages, thousands(households, vi), place, season, list));
    say_unknown_households(answer, vi, report);
}

// A portfolio that also reconnects villages of unknown households says so: its household
// count leaves them out.
void say_reconnected_unknown(const nlohmann::json& portfolio, bool vi, build_report& report) {
    const auto unknown = portfolio.value("villages_households_unknown", nlohmann::json::array());
    if (unknown.empty()) {
        return;
    }
    const std::string list = fmt::format("{}", fmt::join(unknown, ", "));
    report.say(vi ? fmt::format("Danh mục này còn mở lại đường cho {} thôn chưa có số hộ, chưa "
                                "tính vào số hộ trên: {}.",
                                unknown.size(), list)
                  : fmt::format("The portfolio also reconnects {} villages of unknown households, "
                                "not counted above: {}.",
                                unknown.size(), list));
}

std::string name_or_code(const nlohmann::json& item) {
    return item.at("name").is_string() ? item.at("name").get<std::string>()
                                       : item.at("code").get<std::string>();
}

void say_rank(const nlohmann::json& answer, bool vi, build_report& report) {
    const auto& projects = answer.at("projects");
    if (!projects.empty() && projects[0].value("households_unflooded", 0.0) > 0) {
        const auto& best = projects[0];
        report.say(vi ? fmt::format("Công trình nên làm trước: {} {} ({} hộ, {} triệu đồng).",
                                    best.at("code").get<std::string>(), name_or_code(best),
                                    thousands(best.at("households_unflooded").get<double>(), vi),
                                    thousands(best.at("cost_million_vnd").get<double>(), vi))
                      : fmt::format("Best first project: {} {} ({} households, {} million VND).",
                                    best.at("code").get<std::string>(), name_or_code(best),
                                    thousands(best.at("households_unflooded").get<double>(), vi),
                                    thousands(best.at("cost_million_vnd").get<double>(), vi)));
    }
    if (!answer.contains("portfolio") || answer.at("portfolio").is_null()) {
        return;
    }
    const auto& p = answer.at("portfolio");
    const std::string chosen = fmt::format("{}", fmt::join(p.at("projects"), " + "));
    report.say(vi ? fmt::format("Với {} triệu đồng: {} mở lại đường cho {} hộ, kinh phí {} triệu "
                                "đồng; phương pháp {}.",
                                thousands(p.at("budget_million_vnd").get<double>(), vi), chosen,
                                thousands(p.at("households_unflooded").get<double>(), vi),
                                thousands(p.at("cost_million_vnd").get<double>(), vi),
                                method_name(p.at("method").get<std::string>(), vi))
                  : fmt::format("With a budget of {} million VND: {} reopen {} households ({} "
                                "million VND, {}).",
                                thousands(p.at("budget_million_vnd").get<double>(), vi), chosen,
                                thousands(p.at("households_unflooded").get<double>(), vi),
                                thousands(p.at("cost_million_vnd").get<double>(), vi),
                                p.at("method").get<std::string>()));
    say_reconnected_unknown(p, vi, report);
}

void say_indicators(const nlohmann::json& answer, bool vi, build_report& report) {
    int met = 0;
    int judged = 0;
    for (const auto& i : answer.at("indicators")) {
        if (i.contains("met") && i.at("met").is_boolean()) {
            ++judged;
            met += i.at("met").get<bool>() ? 1 : 0;
        }
    }
    report.say(vi ? fmt::format("Chỉ tiêu của kế hoạch: đạt {} trên {}.", met, judged)
                  : fmt::format("Plan targets met: {} of {}.", met, judged));
}

} // namespace

void run_analyses(const importers::manifest& m, const std::filesystem::path& project,
                  const std::filesystem::path& outdir, const std::string& stem, bool vietnamese,
                  build_report& report) {
    const std::string p = project.string();
    const std::string scenario = m.analysis.scenario;
    const std::string to = m.analysis.destination;
    const language lang = vietnamese ? language::vi : language::en;
    report.wrote(project);

    const auto check_file = outdir / "check.json";
    if (run_into(check_file, [&] { return run_check({p, output_format::json}); }) != 0) {
        throw data_error(
            fmt::format("the data has errors that stop the analyses; see {}", check_file.string()));
    }
    report.wrote(check_file);

    const auto cutoff_file = outdir / "cutoff.json";
    run_into(cutoff_file, [&] { return run_cutoff({p, scenario, to, output_format::json, {}}); });
    report.wrote(cutoff_file);
    say_cutoff(read_json(cutoff_file), vietnamese, report);

    const auto rank_file = outdir / "rank.json";
    run_into(rank_file, [&] {
        return run_rank({p,
                         scenario,
                         to,
                         m.analysis.budget_million_vnd,
                         false,
                         output_format::json,
                         {},
                         "households"});
    });
    report.wrote(rank_file);
    say_rank(read_json(rank_file), vietnamese, report);

    const auto critical_file = outdir / "critical.json";
    run_into(critical_file, [&] { return run_critical({p, to, output_format::json}); });
    report.wrote(critical_file);

    const auto indicators_file = outdir / "indicators.json";
    run_into(indicators_file, [&] { return run_indicators({p, output_format::json, lang}); });
    report.wrote(indicators_file);
    say_indicators(read_json(indicators_file), vietnamese, report);

    const auto gpkg = outdir / (stem + ".gpkg");
    run_quietly([&] { return run_export({p, gpkg.string(), scenario, to, true, {}}); });
    report.wrote(gpkg);

    for (const char* name : {"map.pdf", "map.png"}) {
        const auto file = outdir / name;
        map_options map;
        map.project = p;
        map.out = file.string();
        map.scenario = scenario;
        map.to = to;
        map.lang = lang;
        run_quietly([&] { return run_map(map); });
        report.wrote(file);
    }
    const auto html = outdir / "report.html";
    run_quietly([&] { return run_report({p, html.string(), lang}); });
    report.wrote(html);
}

} // namespace allseason::cli
