#pragma once
// The web map's records (schema 5): planners' accounts, the public's feedback on a project,
// and planners' edits of a project with their log. None of these is ever served publicly.
#include "layers/features.hpp"

#include <optional>
#include <string>
#include <vector>

namespace allseason::layers {

class project;

struct user_row {
    std::string name;
    std::string created; // ISO 8601 UTC
};

// Adds a planner, or gives an existing one a new password hash; true when the name is new.
// usage_error for an empty name, or one with control characters or over 64 bytes.
bool put_user(project& p, const std::string& name, const std::string& password_hash);
// False when there was no such user.
bool remove_user(project& p, const std::string& name);
std::vector<user_row> list_users(project& p);
std::optional<std::string> password_hash_of(project& p, const std::string& name);

struct feedback_row {
    std::int64_t id = 0;
    std::string project_code;
    std::optional<std::string> name;
    std::string message;
    std::string created;
};

// Limits of what one feedback may hold, in bytes (the form says so too).
inline constexpr std::size_t feedback_message_max = 4000;
inline constexpr std::size_t feedback_name_max = 100;

// Stores one feedback; usage_error for an empty or too long message or name, or text that is
// not UTF-8; data_error when no project has `code`.
void add_feedback(project& p, const std::string& code, const std::optional<std::string>& name,
                  const std::string& message);
std::vector<feedback_row> list_feedback(project& p);

// One project's public row; nullopt when no project has `code`.
std::optional<candidate_project> find_project(project& p, const std::string& code);

// A planner's edit of a project (contract §6): only the fields given change.
struct project_edit {
    std::optional<std::string> status;
    std::optional<std::int64_t> progress_pct;
    bool set_year = false;
    std::optional<std::int64_t> year; // null clears it (with set_year)
    bool set_funding = false;
    std::optional<std::string> funding; // null clears it (with set_funding)
};

// Checks the edit as import checks a row (status one of the words, progress 0–100, year
// 1900–2100, funding text up to 200 bytes); usage_error naming the field otherwise.
void validate(const project_edit& edit);

// Writes the changed fields and one edit_log row per changed field, in one transaction;
// returns how many fields changed. data_error when no project has `code`.
int apply_project_edit(project& p, const std::string& user, const std::string& code,
                       const project_edit& edit);

struct edit_log_row {
    std::string user_name;
    std::string time;
    std::string project_code;
    std::string field;
    std::optional<std::string> old_value;
    std::optional<std::string> new_value;
};
std::vector<edit_log_row> list_edit_log(project& p);

} // namespace allseason::layers
