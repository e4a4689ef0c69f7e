#include "importers/join.hpp"

#include "geo/errors.hpp"
#include "geo/text.hpp"
#include "importers/importer.hpp" // detail::thousands
#include "importers/joiner.hpp"
#include "importers/vocabulary.hpp"

#include <chrono>
#include <fmt/format.h>
#include <unordered_map>

namespace allseason::importers {

namespace detail {

namespace {

std::vector<target> load_targets(geo::database& db, const layers::layer_spec& spec) {
    const bool has_code = layers::find_column(spec, "code") != nullptr;
    const bool has_name = layers::find_column(spec, "name") != nullptr;
    auto stmt = db.prepare(fmt::format("SELECT fid, {}, {} FROM {} ORDER BY fid",
                                       has_code ? "code" : "NULL", has_name ? "name" : "NULL",
                                       geo::quote_identifier(spec.name)));
    std::vector<target> targets;
    std::unordered_map<std::string, size_t> by_code;
    while (stmt.step()) {
        const auto code = stmt.get_optional_text(1);
        const std::string name = stmt.get_optional_text(2).value_or("");
        if (code) {
            if (auto it = by_code.find(*code); it != by_code.end()) {
                auto& t = targets[it->second];
                t.fids.push_back(stmt.get_int(0));
                t.name = t.name.empty() ? name : t.name;
                continue;
            }
            by_code.emplace(*code, targets.size());
        }
        targets.push_back({code.value_or(""), name, {stmt.get_int(0)}});
    }
    return targets;
}

std::string list_fields(const std::vector<geo::field_definition>& fields) {
    std::string list;
    for (const auto& f : fields) {
        list += (list.empty() ? "" : ", ") + f.name;
    }
    return list.empty() ? std::string("none") : list;
}

} // namespace

joiner::joiner(const join_options& options, const layers::layer_spec& spec,
               layers::project& project)
    : m_options(options), m_spec(spec), m_project(project),
      m_source(options.table, options.source_layer, spec, options.encoding, source_use::table),
      m_fields(m_source.layer().fields()) {
    m_summary.layer = spec.name;
    m_summary.table = m_source.label();
    m_summary.source_layer = m_source.layer().name();
}

join_summary joiner::run() {
    const auto start = std::chrono::steady_clock::now();
    choose_key();
    plan_writes();
    m_targets = load_targets(m_project.db(), m_spec);
    read_rows();
    fail_on_problems();
    geo::transaction tx(m_project.db());
    write();
    m_summary.warnings = m_source.text_warnings();
    m_summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    log(m_project.db(), m_options, m_summary, "ok", summary_line(m_summary));
    m_project.touch();
    tx.commit();
    return m_summary;
}

void joiner::log(geo::database& db, const join_options& options, const join_summary& summary,
                 std::string_view status, std::string_view message) {
    // A join replaces no feature and adds none: logged as append, its message begins "join".
    write_import_log(db,
                     {summary.layer.empty() ? options.layer : summary.layer, options.table.string(),
                      summary.source_layer, "append", summary.rows_read, summary.updated, 0,
                      summary.skipped, std::string(status), std::string(message)});
}

int joiner::find_field(std::string_view name) const {
    for (size_t i = 0; i < m_fields.size(); ++i) {
        if (m_fields[i].name == name) {
            return static_cast<int>(i);
        }
    }
    if (!geo::is_valid_utf8(name)) {
        return -1;
    }
    for (size_t i = 0; i < m_fields.size(); ++i) {
        // A legacy-encoded header (TCVN3 bytes) is not UTF-8 and cannot be folded.
        if (geo::is_valid_utf8(m_fields[i].name) &&
            geo::fold_for_match(m_fields[i].name) == geo::fold_for_match(name)) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

int joiner::mapped_field(std::string_view column) const {
    if (!layers::find_column(m_spec, column)) {
        return -1;
    }
    const auto plan =
        plan_fields(m_spec, m_fields, {}, m_source.label(), {}, unmapped_columns::left_as_they_are);
    for (size_t c = 0; c < m_spec.columns.size(); ++c) {
        if (m_spec.columns[c].name == column) {
            return plan.columns[c].index;
        }
    }
    return -1;
}

void joiner::choose_key() {
    const int code_field = mapped_field("code");
    if (!m_options.key.empty()) {
        m_key = find_field(m_options.key);
        if (m_key < 0) {
            throw usage_error(fmt::format("--key {}: {} has no field \"{}\"; its fields are: {}",
                                          m_options.key, m_source.label(), m_options.key,
                                          list_fields(m_fields)));
        }
    }
    m_on = m_options.on;
    if (m_on == join_on::automatic) {
        const bool by_code = code_field >= 0 && (m_key < 0 || m_key == code_field);
        m_on = by_code ? join_on::code : join_on::name;
    }
    const std::string_view column = m_on == join_on::code ? "code" : "name";
    if (!layers::find_column(m_spec, column)) {
        throw usage_error(fmt::format("--on {}: {} has no {} to match{}", column, m_spec.name,
                                      column,
                                      layers::find_column(m_spec, "name")   ? "; use --on name"
                                      : layers::find_column(m_spec, "code") ? "; use --on code"
                                                                            : ""));
    }
    if (m_key < 0) {
        m_key = m_on == join_on::code ? code_field : mapped_field("name");
    }
    if (m_key < 0) {
        throw usage_error(fmt::format(
            "{} has no {} field to match {} by; name it with --key (the file's fields: {})",
            m_source.label(), column, m_spec.name, list_fields(m_fields)));
    }
    m_summary.on = std::string(column);
    m_summary.key = m_fields[static_cast<size_t>(m_key)].name;
}

void joiner::plan_writes() {
    for (const auto& [target, from] : m_options.fields) {
        if (target == "code") {
            throw usage_error(
                fmt::format("--field code={}: join does not change codes, it matches by them (--on "
                            "code --key {})",
                            from, from));
        }
    }
    m_plan = plan_fields(m_spec, m_fields, m_options.fields, m_source.label(), {},
                         unmapped_columns::left_as_they_are);
    m_constants = fixed_values(m_spec, m_plan);
    std::vector<bool> used(m_fields.size(), false);
    used[static_cast<size_t>(m_key)] = true;
    for (size_t c = 0; c < m_spec.columns.size(); ++c) {
        const auto& source = m_plan.columns[c];
        if (source.how == field_source::kind::field) {
            used[static_cast<size_t>(source.index)] = true; // written, or the code: not "unused"
        }
        const bool from_key = source.how == field_source::kind::field && source.index == m_key;
        if (m_spec.columns[c].name == "code" || from_key ||
            source.how == field_source::kind::absent) {
            continue;
        }
        m_written.push_back(c);
        m_summary.fields.push_back(fmt::format(
            "{} ← {}", m_spec.columns[c].name,
            source.how == field_source::kind::constant ? "=" + source.constant : source.name));
    }
    if (m_written.empty()) {
        throw usage_error(fmt::format(
            "{} has no field to write onto {} besides the key \"{}\" (the file's fields: {}); "
            "map one with --field TARGET=SOURCE",
            m_source.label(), m_spec.name, m_summary.key, list_fields(m_fields)));
    }
    std::string unused;
    for (size_t i = 0; i < m_fields.size(); ++i) {
        if (!used[i]) {
            unused += (unused.empty() ? "" : ", ") + m_fields[i].name;
        }
    }
    if (!unused.empty()) {
        m_summary.notes.push_back(
            fmt::format("not written ({} has no such field; --field TARGET=SOURCE maps one): {}",
                        m_spec.name, unused));
    }
}

} // namespace detail

namespace {

void check_targets(const layers::layer_spec& spec, const join_options& options) {
    if (!layers::find_column(spec, "code") && !layers::find_column(spec, "name")) {
        throw usage_error(fmt::format("{} has neither code nor name: join has nothing to match "
                                      "its features by",
                                      spec.name));
    }
    check_field_targets(spec, options.fields);
}

} // namespace

join_summary join_table(const join_options& requested) {
    join_options options = requested;
    if (auto layer = match_layer_name(requested.layer)) {
        options.layer = std::string(*layer); // "thôn" → villages
    }
    const auto& spec = layers::layer(options.layer);
    check_targets(spec, options);
    auto project = layers::project::open(options.project);
    std::optional<detail::joiner> run;
    try {
        run.emplace(options, spec, project);
        return run->run(); // its transaction has rolled back if it threw
    } catch (const std::exception& e) {
        // Record the failed attempt, as import does; the layer is untouched.
        try {
            geo::transaction tx(project.db());
            detail::joiner::log(project.db(), options, run ? run->summary() : join_summary{},
                                "failed", std::string("join: ") + e.what());
            tx.commit();
        } catch (const std::exception&) {
        }
        throw;
    }
}

std::string summary_line(const join_summary& s) {
    return fmt::format("join {} ← {}{} on {} (\"{}\"): {} rows read, {} features updated, {} "
                       "skipped in {:.2f} s",
                       s.layer, s.table,
                       s.source_layer.empty() ? std::string() : " (" + s.source_layer + ")", s.on,
                       s.key, detail::thousands(s.rows_read), detail::thousands(s.updated),
                       detail::thousands(s.skipped), s.seconds);
}

} // namespace allseason::importers
