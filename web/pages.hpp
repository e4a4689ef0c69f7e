#pragma once
// The web map's server-made pages: a project's public page, sign-in, the planners' page and
// the plain error pages. Every text from the project or a visitor is HTML-escaped here; no
// page carries an inline script or style (the Content-Security-Policy forbids them).
#include "layers/features.hpp"
#include "layers/web_records.hpp"

#include <optional>
#include <string>
#include <vector>

namespace allseason::web {

enum class lang { vi, en };
lang lang_of(const std::string& query_value); // "en" → en, anything else vi

// What rank says of one project (absent for a done project: rank lists only not-done ones).
struct project_benefit {
    std::int64_t rank = 0;
    std::int64_t households = 0;
    std::vector<std::string> villages;
};

struct project_page_data {
    layers::candidate_project project;
    std::optional<project_benefit> benefit;
    std::string csrf;   // the feedback form's token
    std::string notice; // empty, or a line shown above the form (feedback received …)
};
std::string project_page(const project_page_data& data, lang language);

std::string signin_page(const std::string& csrf, const std::string& error, lang language);

struct planner_page_data {
    std::string user;
    std::string csrf;
    std::vector<layers::candidate_project> projects;
    std::vector<layers::feedback_row> feedback;
    std::vector<layers::edit_log_row> edits;
};
std::string planner_page(const planner_page_data& data, lang language);

// A short page with a title and one line: 404 and the other plain answers.
std::string message_page(const std::string& title, const std::string& text, lang language);

} // namespace allseason::web
