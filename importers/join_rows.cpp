// Reading the rows of a join: each key matched to one feature, by code or by name in three
// steps; rows that match nothing, two features or a feature already taken listed with their
// rows; values checked as `import` checks them; and the updates, by fid.
#include "geo/errors.hpp"
#include "geo/text.hpp"
#include "importers/importer.hpp" // max_listed_problems, thousands
#include "importers/joiner.hpp"

#include <array>
#include <fmt/format.h>

namespace allseason::importers::detail {

namespace {

std::string count_word(size_t n) {
    static constexpr std::array<std::string_view, 11> words = {
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"};
    return n < words.size() ? std::string(words[n]) : std::to_string(n);
}

} // namespace

std::string show(const target& t) {
    if (t.name.empty()) {
        return t.code;
    }
    return t.code.empty() || t.code == t.name ? t.name : fmt::format("{} ({})", t.name, t.code);
}

bool is_blank(const raw_value& value) {
    if (const auto* text = std::get_if<std::string>(&value)) {
        return text->find_first_not_of(" \t\r\n") == std::string::npos;
    }
    return std::holds_alternative<std::monostate>(value);
}

std::string joiner::row_label(std::int64_t row, const geo::feature& f) const {
    const std::string place = m_source.file_place(row, f);
    if (!place.empty()) {
        return fmt::format("{} row {} ({})", m_source.label(), row, place);
    }
    const std::int64_t fid = f.fid();
    if (fid >= 0 && fid != row) {
        return fmt::format("{} row {} (feature id {})", m_source.label(), row, fid);
    }
    return fmt::format("{} row {}", m_source.label(), row);
}

void joiner::problem(std::string text) {
    ++m_problem_count;
    if (m_problems.size() < detail::max_listed_problems) {
        m_problems.push_back(std::move(text));
    }
}

std::string joiner::key_text(const geo::feature& f) {
    const auto raw = m_source.value(f, m_key, m_fields[static_cast<size_t>(m_key)].kind);
    if (const auto* i = std::get_if<std::int64_t>(&raw)) {
        return std::to_string(*i);
    }
    if (const auto* d = std::get_if<double>(&raw)) {
        return fmt::format("{}", *d);
    }
    if (const auto* s = std::get_if<std::string>(&raw)) {
        return *s;
    }
    return {};
}

name_match joiner::match(const std::string& key) {
    if (m_on == join_on::name) {
        if (!m_names) {
            std::vector<std::string> names;
            for (const auto& t : m_targets) {
                names.push_back(t.name);
            }
            m_names.emplace(names);
        }
        return m_names->find(key);
    }
    if (m_codes.empty()) {
        for (size_t i = 0; i < m_targets.size(); ++i) {
            m_codes.emplace(m_targets[i].code, i);
        }
    }
    name_match found;
    const auto first = key.find_first_not_of(" \t");
    const std::string code = first == std::string::npos
                                 ? std::string()
                                 : key.substr(first, key.find_last_not_of(" \t") - first + 1);
    if (auto it = m_codes.find(code); it != m_codes.end() && !code.empty()) {
        found.candidates.push_back(it->second);
    }
    return found;
}

bool joiner::blank_row(const geo::feature& f) const {
    for (size_t i = 0; i < m_fields.size(); ++i) {
        const int index = static_cast<int>(i);
        if (!f.is_null(index) &&
            f.get_text(index).find_first_not_of(" \t\r\n") != std::string::npos) {
            return false;
        }
    }
    return true;
}

void joiner::read_row(const geo::feature& f, std::int64_t row) {
    if (blank_row(f)) {
        return; // an empty line between blocks of a sheet: no row to match
    }
    const std::string where = row_label(row, f);
    std::string key;
    try {
        key = key_text(f);
    } catch (const data_error& e) {
        problem(fmt::format("{}: field \"{}\": {}", where, m_summary.key, e.what()));
        return;
    }
    const auto found = match(key);
    if (found.candidates.empty()) {
        const bool empty = key.find_first_not_of(" \t") == std::string::npos;
        const std::string why = empty ? fmt::format("the key field \"{}\" is empty", m_summary.key)
                                      : fmt::format("\"{}\" matches no feature of {} by {}", key,
                                                    m_spec.name, m_summary.on);
        if (m_options.skip_unmatched) {
            ++m_summary.skipped;
            m_summary.skipped_rows.push_back(fmt::format("{}: {}", where, why));
        } else {
            ++m_unmatched;
            const bool by_name = m_on == join_on::name && !empty;
            problem(
                fmt::format("{}: {}{}", where, why, by_name ? " (not even ignoring accents)" : ""));
        }
        return;
    }
    if (found.candidates.size() > 1) {
        std::string list;
        for (size_t i : found.candidates) {
            list += (list.empty() ? "" : ", ") + show(m_targets[i]);
        }
        problem(fmt::format("{}: \"{}\" matches {} features of {} ({}): {} — write the name "
                            "as the project has it, or join --on code",
                            where, key, count_word(found.candidates.size()), m_spec.name,
                            describe(found.step), list));
        return;
    }
    const size_t t = found.candidates.front();
    // "row 1 (line 2)": where the earlier row is, without the file name.
    const std::string short_where = where.substr(m_source.label().size() + 1);
    if (const auto [it, inserted] = m_claimed.emplace(t, short_where); !inserted) {
        problem(fmt::format("{}: \"{}\" matches {}, which {} matches already — a "
                            "feature takes one row",
                            where, key, show(m_targets[t]), it->second));
        return;
    }
    if (found.step != match_step::exact) {
        m_summary.loose.push_back({row, key, show(m_targets[t]), found.step});
    }
    read_values(f, where, t);
}

void joiner::read_values(const geo::feature& f, const std::string& where, size_t t) {
    std::vector<layers::field_value> values;
    bool ok = true;
    for (size_t c : m_written) {
        const auto& source = m_plan.columns[c];
        const auto& column = m_spec.columns[c];
        if (source.how == field_source::kind::constant) {
            values.push_back(m_constants[c]);
            continue;
        }
        try {
            const auto raw =
                m_source.value(f, source.index, m_fields[static_cast<size_t>(source.index)].kind);
            // An empty cell says nothing: the feature keeps its value (null → IFNULL).
            values.push_back(is_blank(raw) ? layers::field_value{}
                                           : coerce(m_spec, column, raw, source.name));
        } catch (const data_error& e) {
            const std::string text = e.what();
            problem(fmt::format("{}: {}", where,
                                text.starts_with("field ")
                                    ? text
                                    : describe_field(column, source.name) + ": " + text));
            values.emplace_back();
            ok = false; // go on: every bad value of the row is listed
        }
    }
    if (ok) {
        m_updates.push_back({t, std::move(values)});
    }
}

void joiner::read_rows() {
    auto& layer = m_source.layer();
    layer.reset_reading();
    while (auto f = layer.next_feature()) {
        read_row(*f, ++m_summary.rows_read);
        if (m_problem_count >= detail::max_problems) {
            break;
        }
    }
}

void joiner::fail_on_problems() {
    if (m_problem_count == 0) {
        return;
    }
    std::string message = detail::problem_lines(m_problems, m_problem_count);
    for (const auto& warning : m_source.text_warnings()) {
        message += "\nwarning: " + warning; // names read in a wrong encoding match nothing
    }
    message += fmt::format("\nnothing was written: {} is unchanged", m_spec.name);
    if (m_unmatched > 0) {
        message += " (--skip-unmatched skips the rows that match nothing)";
    }
    throw data_error(message);
}

void joiner::write() {
    std::string sets;
    for (size_t c : m_written) {
        const auto name = geo::quote_identifier(m_spec.columns[c].name);
        sets += fmt::format("{}{} = IFNULL(?, {})", sets.empty() ? "" : ", ", name, name);
    }
    auto update = m_project.db().prepare(
        fmt::format("UPDATE {} SET {} WHERE fid = ?", geo::quote_identifier(m_spec.name), sets));
    const int fid_parameter = static_cast<int>(m_written.size()) + 1;
    for (const auto& [t, values] : m_updates) {
        for (const std::int64_t fid : m_targets[t].fids) {
            for (size_t i = 0; i < values.size(); ++i) {
                layers::bind_value(update, static_cast<int>(i) + 1, values[i]);
            }
            update.bind(fid_parameter, fid);
            update.run();
            ++m_summary.updated;
        }
    }
}

} // namespace allseason::importers::detail
