// The web map's records (schema 5): users, feedback, project edits and their log.
#include "layers/web_records.hpp"

#include "geo/errors.hpp"
#include "geo/text.hpp"
#include "layers/project.hpp"
#include "layers/schema.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace allseason::layers {

namespace {

bool has_control_characters(const std::string& text, bool allow_newlines) {
    return std::any_of(text.begin(), text.end(), [&](char c) {
        const auto u = static_cast<unsigned char>(c);
        if (allow_newlines && (c == '\n' || c == '\r' || c == '\t'))
            return false;
        return u < 0x20 || u == 0x7f;
    });
}

// Text from a browser or a terminal: UTF-8, stored NFC, within `max` bytes.
std::string checked_text(const std::string& field, const std::string& text, std::size_t max,
                         bool allow_newlines) {
    if (!geo::is_valid_utf8(text)) {
        throw usage_error(fmt::format("{}: not UTF-8 text", field));
    }
    auto nfc = geo::to_nfc(text);
    if (nfc.size() > max) {
        throw usage_error(fmt::format("{}: longer than {} bytes", field, max));
    }
    if (has_control_characters(nfc, allow_newlines)) {
        throw usage_error(fmt::format("{}: holds control characters", field));
    }
    return nfc;
}

std::optional<std::string> text_or_null(geo::statement& s, int column) {
    return s.get_optional_text(column);
}

} // namespace

bool put_user(project& p, const std::string& name, const std::string& password_hash) {
    const auto clean = checked_text("user name", name, 64, false);
    if (clean.empty()) {
        throw usage_error("user name: empty");
    }
    auto& db = p.db();
    const bool exists = password_hash_of(p, clean).has_value();
    db.prepare("INSERT INTO users (name, password_hash, created) VALUES (?, ?, ?) "
               "ON CONFLICT (name) DO UPDATE SET password_hash = excluded.password_hash")
        .bind(1, clean)
        .bind(2, password_hash)
        .bind(3, utc_now_iso8601())
        .run();
    return !exists;
}

bool remove_user(project& p, const std::string& name) {
    auto& db = p.db();
    db.prepare("DELETE FROM users WHERE name = ?").bind(1, geo::to_nfc(name)).run();
    return db.changes() > 0;
}

std::vector<user_row> list_users(project& p) {
    std::vector<user_row> out;
    if (!p.db().table_exists("users"))
        return out; // a schema-4 project opened read-only: nobody yet
    auto s = p.db().prepare("SELECT name, created FROM users ORDER BY name");
    while (s.step()) {
        out.push_back({s.get_text(0), s.get_text(1)});
    }
    return out;
}

std::optional<std::string> password_hash_of(project& p, const std::string& name) {
    auto s = p.db().prepare("SELECT password_hash FROM users WHERE name = ?");
    s.bind(1, geo::to_nfc(name));
    if (!s.step())
        return std::nullopt;
    return s.get_text(0);
}

void add_feedback(project& p, const std::string& code, const std::optional<std::string>& name,
                  const std::string& message) {
    const auto text = checked_text("message", message, feedback_message_max, true);
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
        throw usage_error("message: empty");
    }
    std::optional<std::string> who;
    if (name && name->find_first_not_of(" \t") != std::string::npos) {
        who = checked_text("name", *name, feedback_name_max, false);
    }
    if (!find_project(p, code)) {
        throw data_error(fmt::format("no project with code \"{}\"", code));
    }
    p.db()
        .prepare("INSERT INTO feedback (project_code, name, message, created) VALUES (?, ?, ?, ?)")
        .bind(1, code)
        .bind(2, who)
        .bind(3, text)
        .bind(4, utc_now_iso8601())
        .run();
}

std::vector<feedback_row> list_feedback(project& p) {
    std::vector<feedback_row> out;
    auto s = p.db().prepare(
        "SELECT id, project_code, name, message, created FROM feedback ORDER BY id DESC");
    while (s.step()) {
        out.push_back(
            {s.get_int(0), s.get_text(1), text_or_null(s, 2), s.get_text(3), s.get_text(4)});
    }
    return out;
}

std::optional<candidate_project> find_project(project& p, const std::string& code) {
    auto s = p.db().prepare("SELECT fid, code, coalesce(name, code), kind, cost_million_vnd, "
                            "funding, status, progress_pct, year FROM projects WHERE code = ?");
    s.bind(1, code);
    if (!s.step())
        return std::nullopt;
    candidate_project c;
    c.fid = s.get_int(0);
    c.code = s.get_text(1);
    c.name = s.get_text(2);
    c.kind = s.get_text(3);
    c.cost_million_vnd = s.get_double(4);
    c.funding = s.get_optional_text(5);
    c.status = s.get_text(6);
    c.progress_pct = s.get_int(7);
    c.year = s.get_optional_int(8);
    return c;
}

void validate(const project_edit& edit) {
    if (edit.status && std::find(words::project_status.begin(), words::project_status.end(),
                                 *edit.status) == words::project_status.end()) {
        throw usage_error(fmt::format("status: \"{}\" is not one of proposed, approved, "
                                      "building, done",
                                      *edit.status));
    }
    if (edit.progress_pct && (*edit.progress_pct < 0 || *edit.progress_pct > 100)) {
        throw usage_error(fmt::format("progress_pct: {} is not 0–100", *edit.progress_pct));
    }
    if (edit.set_year && edit.year && (*edit.year < 1900 || *edit.year > 2100)) {
        throw usage_error(fmt::format("year: {} is not 1900–2100", *edit.year));
    }
    if (edit.set_funding && edit.funding) {
        checked_text("funding", *edit.funding, 200, false);
    }
}

namespace {

std::optional<std::string> year_text(const std::optional<std::int64_t>& year) {
    return year ? std::optional<std::string>(std::to_string(*year)) : std::nullopt;
}

struct field_change {
    const char* field;
    std::optional<std::string> old_value;
    std::optional<std::string> new_value;
};

std::vector<field_change> changes_of(const candidate_project& row, const project_edit& edit) {
    std::vector<field_change> out;
    if (edit.status && *edit.status != row.status)
        out.push_back({"status", row.status, edit.status});
    if (edit.progress_pct && *edit.progress_pct != row.progress_pct)
        out.push_back(
            {"progress_pct", std::to_string(row.progress_pct), std::to_string(*edit.progress_pct)});
    if (edit.set_year && edit.year != row.year)
        out.push_back({"year", year_text(row.year), year_text(edit.year)});
    if (edit.set_funding) {
        std::optional<std::string> funding;
        if (edit.funding)
            funding = geo::to_nfc(*edit.funding);
        if (funding != row.funding)
            out.push_back({"funding", row.funding, funding});
    }
    return out;
}

} // namespace

int apply_project_edit(project& p, const std::string& user, const std::string& code,
                       const project_edit& edit) {
    validate(edit);
    auto& db = p.db();
    geo::transaction tx(db);
    const auto row = find_project(p, code);
    if (!row) {
        throw data_error(fmt::format("no project with code \"{}\"", code));
    }
    const auto changes = changes_of(*row, edit);
    const auto now = utc_now_iso8601();
    for (const auto& c : changes) {
        // The field name is one of ours (changes_of), never the request's text.
        db.prepare(fmt::format("UPDATE projects SET {} = ? WHERE fid = ?",
                               geo::quote_identifier(c.field)))
            .bind(1, c.new_value)
            .bind(2, row->fid)
            .run();
        db.prepare("INSERT INTO edit_log (user_name, time, project_code, field, old_value, "
                   "new_value) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(1, user)
            .bind(2, now)
            .bind(3, code)
            .bind(4, c.field)
            .bind(5, c.old_value)
            .bind(6, c.new_value)
            .run();
    }
    if (!changes.empty())
        p.touch();
    tx.commit();
    return static_cast<int>(changes.size());
}

std::vector<edit_log_row> list_edit_log(project& p) {
    std::vector<edit_log_row> out;
    auto s = p.db().prepare("SELECT user_name, time, project_code, field, old_value, new_value "
                            "FROM edit_log ORDER BY id");
    while (s.step()) {
        out.push_back({s.get_text(0), s.get_text(1), s.get_text(2), s.get_text(3),
                       s.get_optional_text(4), s.get_optional_text(5)});
    }
    return out;
}

} // namespace allseason::layers
