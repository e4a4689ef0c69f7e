#include "importers/field_mapping.hpp"

#include "geo/errors.hpp"
#include "geo/text.hpp"
#include "importers/vocabulary.hpp"
#include "layers/project.hpp" // utc_now_iso8601

#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <map>

namespace allseason::importers {

namespace {

// Usual names of the columns in Vietnamese planning files (folded: lower case, no accents,
// separators as spaces). Only used when the source has no field of the column's own name.
const std::map<std::string_view, std::vector<std::string_view>>& aliases() {
    static const std::map<std::string_view, std::vector<std::string_view>> table = {
        {"code", {"ma", "ma so", "ma thon", "ma duong", "ma ngam", "ma cau", "ma cong trinh"}},
        {"name", {"ten", "ten thon", "ten duong", "ten ngam", "ten cau", "ten cong trinh"}},
        {"households", {"so ho", "ho", "tong so ho"}},
        {"population", {"dan so", "so dan", "nhan khau", "so nhan khau"}},
        {"ethnic_minority_households", {"ho dtts", "so ho dtts", "ho dan toc thieu so"}},
        {"poor_households", {"ho ngheo", "so ho ngheo"}},
        {"near_poor_households", {"ho can ngheo", "so ho can ngheo"}},
        {"especially_difficult", {"dbkk", "dac biet kho khan", "thon dbkk"}},
        {"class", {"cap", "cap duong", "loai duong"}},
        {"surface", {"mat", "mat duong", "ket cau", "ket cau mat", "loai mat"}},
        {"width_m", {"rong", "be rong", "chieu rong", "width"}},
        {"condition", {"tinh trang", "hien trang"}},
        {"flood_depth_m", {"do sau", "sau ngap", "do sau ngap", "muc ngap"}},
        {"flooded_days_per_year", {"so ngay ngap", "ngay ngap"}},
        {"vehicles", {"cho xe", "xe qua"}},
        {"kind", {"loai"}},
        {"village_code", {"ma thon"}},
        {"standard_level", {"muc chuan", "chuan", "dat chuan"}},
        {"beds", {"giuong", "so giuong"}},
        {"members", {"so nguoi", "nhan khau", "so nhan khau"}},
        {"ethnic_minority", {"dtts", "dan toc thieu so"}},
        {"poverty", {"ngheo", "ho ngheo", "phan loai ho"}},
        {"owner", {"chu rung", "chu"}},
        {"use", {"muc dich", "loai rung", "muc dich su dung"}},
        {"species", {"loai cay", "cay trong"}},
        {"certificate", {"so do", "gcn", "giay chung nhan"}},
        {"zone", {"phan khu", "vung"}},
        {"scenario", {"kich ban"}},
        {"cost_million_vnd", {"kinh phi", "chi phi", "tong von", "von"}},
        {"funding", {"nguon von"}},
        {"status", {"trang thai"}},
        {"progress_pct", {"tien do"}},
        {"year", {"nam"}},
    };
    return table;
}

std::string list_fields(const std::vector<geo::field_definition>& fields) {
    std::string list;
    for (const auto& f : fields) {
        list += (list.empty() ? "" : ", ") + f.name;
    }
    return list.empty() ? std::string("none") : list;
}

std::string list_columns(const layers::layer_spec& spec) {
    std::string list;
    for (const auto& c : spec.columns) {
        list += (list.empty() ? "" : ", ") + std::string(c.name);
    }
    return list;
}

std::string lower_ascii(std::string_view text) {
    std::string out(text);
    for (auto& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

std::string safe_fold(std::string_view text) {
    return geo::is_valid_utf8(text) ? geo::fold_for_match(text) : lower_ascii(text);
}

int find_field(const std::vector<geo::field_definition>& fields, std::string_view name) {
    for (size_t i = 0; i < fields.size(); ++i) {
        if (fields[i].name == name) {
            return static_cast<int>(i);
        }
    }
    for (size_t i = 0; i < fields.size(); ++i) {
        if (lower_ascii(fields[i].name) == lower_ascii(name)) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

int find_by_fold(const std::vector<geo::field_definition>& fields, std::string_view folded) {
    for (size_t i = 0; i < fields.size(); ++i) {
        if (safe_fold(fields[i].name) == folded) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

std::string trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        return {};
    }
    return std::string(text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1));
}

// "1.250" or "1,250,000": digits grouped by thousands with one kind of separator.
bool thousands_grouped(std::string_view text) {
    const auto sep = text.find_first_of(".,");
    if (sep == std::string_view::npos || sep == 0 || sep > 3) {
        return false;
    }
    const char s = text[sep];
    for (size_t i = sep; i < text.size(); i += 4) {
        if (text[i] != s || i + 4 > text.size()) {
            return false;
        }
        for (size_t j = i + 1; j < i + 4; ++j) {
            if (!std::isdigit(static_cast<unsigned char>(text[j]))) {
                return false;
            }
        }
    }
    return (text.size() - sep) % 4 == 0;
}

std::optional<double> parse_real(std::string text) {
    // A decimal comma (2,5) is how Vietnamese spreadsheets write 2.5.
    if (text.find(',') != std::string::npos && text.find('.') == std::string::npos &&
        text.find(',') == text.rfind(',')) {
        text[text.find(',')] = '.';
    }
    if (!text.empty() && text.front() == '+') {
        text.erase(0, 1);
    }
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

std::optional<std::int64_t> parse_integer(std::string text) {
    const bool negative = !text.empty() && text.front() == '-';
    std::string digits = negative || (!text.empty() && text.front() == '+') ? text.substr(1) : text;
    if (thousands_grouped(digits)) {
        std::erase_if(digits, [](char c) { return c == '.' || c == ','; });
    }
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec == std::errc() && end == digits.data() + digits.size() && !digits.empty()) {
        return negative ? -value : value;
    }
    // "12.0" from a spreadsheet is still a whole number.
    if (auto real = parse_real(text);
        real && std::trunc(*real) == *real && std::abs(*real) < 9.0e15) {
        return static_cast<std::int64_t>(*real);
    }
    return std::nullopt;
}

std::string show(const raw_value& value) {
    if (const auto* i = std::get_if<std::int64_t>(&value)) {
        return std::to_string(*i);
    }
    if (const auto* d = std::get_if<double>(&value)) {
        return fmt::format("{}", *d);
    }
    if (const auto* s = std::get_if<std::string>(&value)) {
        return fmt::format("\"{}\"", *s);
    }
    return "empty";
}

std::string minimum_text(double minimum) {
    return fmt::format("{}", minimum);
}

layers::field_value check_minimum(const layers::column_spec& column, layers::field_value value,
                                  const std::string& what) {
    if (!column.minimum) {
        return value;
    }
    const double v = std::holds_alternative<std::int64_t>(value)
                         ? static_cast<double>(std::get<std::int64_t>(value))
                         : std::get<double>(value);
    if (v < *column.minimum) {
        throw data_error(fmt::format("{} is {} — must be {} or more", what, fmt::format("{}", v),
                                     minimum_text(*column.minimum)));
    }
    return value;
}

layers::field_value empty_value(const layers::layer_spec& spec, const layers::column_spec& column,
                                const std::string& what) {
    if (!column.default_sql.empty()) {
        return layers::default_value(column);
    }
    if (column.nullable) {
        return std::monostate{};
    }
    throw data_error(
        fmt::format("{} is empty — {} needs a value for {}", what, spec.name, column.name));
}

} // namespace

std::string describe_field(const layers::column_spec& column, const std::string& source_name) {
    if (source_name.empty() || source_name == column.name) {
        return fmt::format("field \"{}\"", column.name);
    }
    return fmt::format("field \"{}\" ({})", source_name, column.name);
}

namespace {

// The source field holding names: "name" or one of its aliases (ten, ten_thon ...).
int name_field(const std::vector<geo::field_definition>& source_fields) {
    int f = find_by_fold(source_fields, "name");
    if (auto a = aliases().find("name"); f < 0 && a != aliases().end()) {
        for (auto alias : a->second) {
            if ((f = find_by_fold(source_fields, alias)) >= 0) {
                break;
            }
        }
    }
    return f;
}

} // namespace

void write_import_log(geo::database& db, const import_log_entry& entry) {
    db.prepare("INSERT INTO import_log (time, layer, source, source_layer, mode, rows_read, "
               "rows_imported, rows_repaired, rows_skipped, status, message) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, layers::utc_now_iso8601())
        .bind(2, entry.layer)
        .bind(3, entry.source)
        .bind(4, entry.source_layer)
        .bind(5, entry.mode)
        .bind(6, entry.rows_read)
        .bind(7, entry.rows_imported)
        .bind(8, entry.rows_repaired)
        .bind(9, entry.rows_skipped)
        .bind(10, entry.status)
        .bind(11, entry.message)
        .run();
}

void check_field_targets(const layers::layer_spec& spec,
                         const std::vector<std::pair<std::string, std::string>>& overrides) {
    for (const auto& [target, source_name] : overrides) {
        if (!layers::find_column(spec, target)) {
            throw usage_error(fmt::format("--field {}={}: \"{}\" is not a field of {}; its fields "
                                          "are: {}",
                                          target, source_name, target, spec.name,
                                          list_columns(spec)));
        }
    }
}

field_plan plan_fields(const layers::layer_spec& spec,
                       const std::vector<geo::field_definition>& source_fields,
                       const std::vector<std::pair<std::string, std::string>>& overrides,
                       const std::string& label, const std::vector<std::string>& computed,
                       unmapped_columns unmapped) {
    field_plan plan;
    plan.columns.resize(spec.columns.size());
    auto column_index = [&](std::string_view name) {
        for (size_t i = 0; i < spec.columns.size(); ++i) {
            if (spec.columns[i].name == name) {
                return static_cast<int>(i);
            }
        }
        return -1;
    };
    for (const auto& name : computed) {
        plan.columns[static_cast<size_t>(column_index(name))].how = field_source::kind::computed;
    }
    std::vector<bool> overridden(spec.columns.size(), false);
    for (const auto& [target, source_name] : overrides) {
        check_field_targets(spec, {{target, source_name}});
        const int c = column_index(target);
        if (overridden[static_cast<size_t>(c)]) {
            throw usage_error(fmt::format("--field {} is given twice", target));
        }
        overridden[static_cast<size_t>(c)] = true;
        auto& col = plan.columns[static_cast<size_t>(c)];
        if (source_name.starts_with("=")) {
            col = {field_source::kind::constant, -1, source_name, source_name.substr(1)};
            continue;
        }
        const int f = find_field(source_fields, source_name);
        if (f < 0) {
            throw usage_error(fmt::format("--field {}={}: {} has no field \"{}\"; its fields are: "
                                          "{} (write --field {}==VALUE for a fixed value)",
                                          target, source_name, label, source_name,
                                          list_fields(source_fields), target));
        }
        col = {field_source::kind::field, f, source_fields[static_cast<size_t>(f)].name, {}};
    }
    for (size_t c = 0; c < spec.columns.size(); ++c) {
        auto& col = plan.columns[c];
        if (overridden[c] || col.how == field_source::kind::computed) {
            continue;
        }
        const auto& column = spec.columns[c];
        int f = find_field(source_fields, column.name);
        if (f < 0) {
            f = find_by_fold(source_fields, geo::fold_for_match(column.name));
        }
        if (f < 0) {
            if (auto a = aliases().find(column.name); a != aliases().end()) {
                for (auto alias : a->second) {
                    if ((f = find_by_fold(source_fields, alias)) >= 0) {
                        plan.notes.push_back(fmt::format(
                            "{} ← {}", column.name, source_fields[static_cast<size_t>(f)].name));
                        break;
                    }
                }
            }
        }
        if (f < 0 && column.name == "code" && unmapped == unmapped_columns::take_default) {
            // A GPS waypoint has a name and no code: the name identifies it (contract §3).
            // Not in `join`, whose tables are matched by name when they have no code.
            f = name_field(source_fields);
            if (f >= 0) {
                plan.notes.push_back(
                    fmt::format("code ← {} (the file has no code field; each feature's name is "
                                "its code)",
                                source_fields[static_cast<size_t>(f)].name));
            }
        }
        if (f >= 0) {
            col = {field_source::kind::field, f, source_fields[static_cast<size_t>(f)].name, {}};
        } else if (column.required() && unmapped == unmapped_columns::take_default) {
            throw data_error(fmt::format(
                "{} has no field for \"{}\", which {} requires; name the source field with "
                "--field {}=SOURCE or give a fixed value with --field {}==VALUE (the file's "
                "fields: {})",
                label, column.name, spec.name, column.name, column.name,
                list_fields(source_fields)));
        }
    }
    return plan;
}

layers::field_value coerce(const layers::layer_spec& spec, const layers::column_spec& column,
                           const raw_value& value, const std::string& source_name) {
    const std::string what = describe_field(column, source_name);
    std::string text;
    if (std::holds_alternative<std::monostate>(value)) {
        return empty_value(spec, column, what);
    }
    if (const auto* s = std::get_if<std::string>(&value)) {
        text = trim(*s);
        if (text.empty()) {
            return empty_value(spec, column, what);
        }
    }
    switch (column.type) {
    case layers::column_type::boolean: {
        if (const auto* i = std::get_if<std::int64_t>(&value); i && (*i == 0 || *i == 1)) {
            return *i;
        }
        if (const auto* d = std::get_if<double>(&value); d && (*d == 0.0 || *d == 1.0)) {
            return static_cast<std::int64_t>(*d);
        }
        if (auto b = text.empty() ? std::nullopt : match_boolean(text)) {
            return std::int64_t{*b ? 1 : 0};
        }
        throw data_error(fmt::format("{} is {} — expected yes or no; accepted: {}", what,
                                     show(value), accepted_booleans()));
    }
    case layers::column_type::integer: {
        std::optional<std::int64_t> v;
        if (const auto* i = std::get_if<std::int64_t>(&value)) {
            v = *i;
        } else if (const auto* d = std::get_if<double>(&value)) {
            if (std::trunc(*d) == *d && std::abs(*d) < 9.0e15) {
                v = static_cast<std::int64_t>(*d);
            }
        } else {
            v = parse_integer(text);
        }
        if (!v) {
            throw data_error(fmt::format("{} is {} — expected a whole number", what, show(value)));
        }
        return check_minimum(column, *v, what);
    }
    case layers::column_type::real: {
        std::optional<double> v;
        if (const auto* i = std::get_if<std::int64_t>(&value)) {
            v = static_cast<double>(*i);
        } else if (const auto* d = std::get_if<double>(&value)) {
            v = *d;
        } else {
            v = parse_real(text);
        }
        if (!v || !std::isfinite(*v)) {
            throw data_error(fmt::format("{} is {} — expected a number", what, show(value)));
        }
        return check_minimum(column, *v, what);
    }
    case layers::column_type::text:
        break;
    }
    if (const auto* i = std::get_if<std::int64_t>(&value)) {
        text = std::to_string(*i);
    } else if (const auto* d = std::get_if<double>(&value)) {
        text = fmt::format("{}", *d);
    }
    if (column.allowed.empty()) {
        return text;
    }
    if (auto word = match_word(spec.name, column.name, text)) {
        return std::string(*word);
    }
    throw data_error(fmt::format("{} is \"{}\" — not a known {} {}; accepted values: {}", what,
                                 text, spec.name, column.name,
                                 accepted_values(spec.name, column.name)));
}

std::vector<layers::field_value> fixed_values(const layers::layer_spec& spec,
                                              const field_plan& plan) {
    std::vector<layers::field_value> values(spec.columns.size(), std::monostate{});
    for (size_t c = 0; c < spec.columns.size(); ++c) {
        const auto& source = plan.columns[c];
        if (source.how != field_source::kind::constant) {
            continue;
        }
        try {
            values[c] = coerce(spec, spec.columns[c], geo::to_nfc(source.constant));
        } catch (const data_error& e) {
            throw usage_error(
                fmt::format("--field {}={}: {}", spec.columns[c].name, source.name, e.what()));
        }
    }
    return values;
}

} // namespace allseason::importers
