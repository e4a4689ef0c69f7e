// The web map's server-made pages (Vietnamese by default, English with ?lang=en).
#include "web/pages.hpp"

#include "web/security.hpp"

#include <fmt/format.h>
#include <map>

namespace allseason::web {

namespace {

struct phrase {
    const char* vi;
    const char* en;
};

const std::map<std::string, phrase>& phrases() {
    static const std::map<std::string, phrase> all = {
        {"map", {"Bản đồ", "Map"}},
        {"kind", {"Loại công trình", "Kind"}},
        {"cost", {"Kinh phí (triệu đồng)", "Cost (million VND)"}},
        {"funding", {"Nguồn vốn", "Funding"}},
        {"status", {"Trạng thái", "Status"}},
        {"progress", {"Tiến độ", "Progress"}},
        {"year", {"Năm", "Year"}},
        {"rank", {"Thứ tự ưu tiên", "Priority rank"}},
        {"reconnects", {"Số hộ được nối lại đường đi mùa mưa", "Households it reconnects"}},
        {"villages", {"Thôn, bản", "Villages"}},
        {"feedback", {"Góp ý của người dân", "Your feedback"}},
        {"message", {"Nội dung góp ý", "Message"}},
        {"name_optional", {"Họ tên (không bắt buộc)", "Name (optional)"}},
        {"send", {"Gửi góp ý", "Send"}},
        {"feedback_note",
         {"Góp ý chỉ cán bộ xã đọc được, không công khai.",
          "Only the commune's planners read feedback; it is never published."}},
        {"unknown", {"chưa rõ", "unknown"}},
        {"signin", {"Đăng nhập cán bộ", "Planner sign-in"}},
        {"user", {"Tên đăng nhập", "User name"}},
        {"password", {"Mật khẩu", "Password"}},
        {"signout", {"Đăng xuất", "Sign out"}},
        {"planner", {"Trang cán bộ", "Planners"}},
        {"projects", {"Công trình", "Projects"}},
        {"save", {"Lưu", "Save"}},
        {"edits", {"Nhật ký chỉnh sửa", "Edit log"}},
        {"no_feedback", {"Chưa có góp ý.", "No feedback yet."}},
        {"bridge", {"Cầu", "Bridge"}},
        {"road_new", {"Đường mới", "New road"}},
        {"road_upgrade", {"Nâng cấp đường", "Road upgrade"}},
        {"proposed", {"Đề xuất", "Proposed"}},
        {"approved", {"Đã phê duyệt", "Approved"}},
        {"building", {"Đang thi công", "Under construction"}},
        {"done", {"Hoàn thành", "Done"}},
        {"other_lang", {"English", "Tiếng Việt"}},
    };
    return all;
}

std::string t(const std::string& key, lang language) {
    const auto it = phrases().find(key);
    if (it == phrases().end())
        return key;
    return language == lang::vi ? it->second.vi : it->second.en;
}

// A phrase for a stored word (kind, status) when there is one, else the word itself.
std::string word(const std::string& value, lang language) {
    return html_escape(phrases().count(value) ? t(value, language) : value);
}

std::string head(const std::string& title, lang language) {
    return fmt::format(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<title>{}</title>\n<link rel=\"stylesheet\" href=\"/static/leaflet/leaflet.css\">\n"
        "<link rel=\"stylesheet\" href=\"/static/style.css\">\n</head>\n<body>\n",
        language == lang::vi ? "vi" : "en", html_escape(title));
}

std::string lang_suffix(lang language) {
    return language == lang::en ? "?lang=en" : "";
}

std::string row(const std::string& label, const std::string& value_html) {
    return fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", html_escape(label), value_html);
}

std::string benefit_rows(const std::optional<project_benefit>& benefit, lang language) {
    if (!benefit)
        return {};
    std::string villages;
    for (const auto& v : benefit->villages)
        villages += (villages.empty() ? "" : ", ") + html_escape(v);
    return row(t("rank", language), std::to_string(benefit->rank)) +
           row(t("reconnects", language), std::to_string(benefit->households)) +
           row(t("villages", language), villages.empty() ? "—" : villages);
}

std::string amount_text(double value) {
    return value == static_cast<double>(static_cast<std::int64_t>(value))
               ? fmt::format("{}", static_cast<std::int64_t>(value))
               : fmt::format("{:.1f}", value);
}

} // namespace

lang lang_of(const std::string& query_value) {
    return query_value == "en" ? lang::en : lang::vi;
}

std::string project_page(const project_page_data& data, lang language) {
    const auto& p = data.project;
    const auto code = html_escape(p.code);
    std::string html = head(p.name, language);
    html +=
        fmt::format("<header><a href=\"/{}\">{}</a> · <a href=\"/projects/{}{}\">{}</a></header>\n",
                    lang_suffix(language), html_escape(t("map", language)), code,
                    language == lang::vi ? "?lang=en" : "", t("other_lang", language));
    html += fmt::format(
        "<main class=\"page\">\n<h1 id=\"project-name\">{}</h1>\n<p class=\"code\">{}</p>\n",
        html_escape(p.name), code);
    html += "<table class=\"facts\">\n";
    html += row(t("kind", language), word(p.kind, language));
    html += row(t("cost", language), amount_text(p.cost_million_vnd));
    html += row(t("funding", language),
                p.funding ? html_escape(*p.funding) : html_escape(t("unknown", language)));
    html +=
        row(t("status", language), "<span id=\"status\">" + word(p.status, language) + "</span>");
    html +=
        row(t("progress", language),
            fmt::format(
                "<span id=\"progress\">{}%</span> <progress max=\"100\" value=\"{}\"></progress>",
                p.progress_pct, p.progress_pct));
    html += row(t("year", language),
                p.year ? std::to_string(*p.year) : html_escape(t("unknown", language)));
    html += benefit_rows(data.benefit, language);
    html += "</table>\n";
    html +=
        fmt::format("<div id=\"small-map\" class=\"small-map\" data-code=\"{}\"></div>\n", code);
    html += fmt::format("<h2>{}</h2>\n", html_escape(t("feedback", language)));
    if (!data.notice.empty())
        html += fmt::format("<p class=\"notice\">{}</p>\n", html_escape(data.notice));
    html += fmt::format(
        "<form method=\"post\" action=\"/projects/{0}/feedback{1}\" class=\"feedback\">\n"
        "<input type=\"hidden\" name=\"csrf\" value=\"{2}\">\n"
        "<label>{3}<textarea name=\"message\" required maxlength=\"{4}\" "
        "rows=\"5\"></textarea></label>\n"
        "<label>{5}<input name=\"name\" maxlength=\"{6}\"></label>\n"
        "<button type=\"submit\">{7}</button>\n<p class=\"note\">{8}</p>\n</form>\n",
        code, lang_suffix(language), html_escape(data.csrf), html_escape(t("message", language)),
        layers::feedback_message_max, html_escape(t("name_optional", language)),
        layers::feedback_name_max, html_escape(t("send", language)),
        html_escape(t("feedback_note", language)));
    html += "</main>\n<script src=\"/static/leaflet/leaflet.js\"></script>\n"
            "<script src=\"/static/project.js\"></script>\n</body>\n</html>\n";
    return html;
}

std::string signin_page(const std::string& csrf, const std::string& error, lang language) {
    std::string html = head(t("signin", language), language);
    html += fmt::format(
        "<header><a href=\"/{}\">{}</a></header>\n<main class=\"page\">\n<h1>{}</h1>\n",
        lang_suffix(language), html_escape(t("map", language)), html_escape(t("signin", language)));
    if (!error.empty())
        html += fmt::format("<p class=\"error\">{}</p>\n", html_escape(error));
    html += fmt::format(
        "<form method=\"post\" action=\"/signin{}\">\n<input type=\"hidden\" name=\"csrf\" "
        "value=\"{}\">\n<label>{}<input name=\"name\" autocomplete=\"username\" required></label>\n"
        "<label>{}<input name=\"password\" type=\"password\" autocomplete=\"current-password\" "
        "required></label>\n<button "
        "type=\"submit\">{}</button>\n</form>\n</main>\n</body>\n</html>\n",
        lang_suffix(language), html_escape(csrf), html_escape(t("user", language)),
        html_escape(t("password", language)), html_escape(t("signin", language)));
    return html;
}

namespace {

std::string status_options(const std::string& current, lang language) {
    std::string out;
    for (const auto* s : {"proposed", "approved", "building", "done"}) {
        out += fmt::format("<option value=\"{}\"{}>{}</option>", s, current == s ? " selected" : "",
                           word(s, language));
    }
    return out;
}

std::string project_rows(const std::vector<layers::candidate_project>& projects, lang language) {
    std::string out;
    for (const auto& p : projects) {
        out += fmt::format(
            "<tr data-code=\"{0}\"><td><a href=\"/projects/{0}\">{0}</a></td><td>{1}</td>"
            "<td><select name=\"status\">{2}</select></td>"
            "<td><input name=\"progress_pct\" type=\"number\" min=\"0\" max=\"100\" "
            "value=\"{3}\"></td>"
            "<td><input name=\"year\" type=\"number\" min=\"1900\" max=\"2100\" value=\"{4}\"></td>"
            "<td><input name=\"funding\" maxlength=\"200\" value=\"{5}\"></td>"
            "<td><button type=\"button\" class=\"save\">{6}</button> <span "
            "class=\"result\"></span></td></tr>\n",
            html_escape(p.code), html_escape(p.name), status_options(p.status, language),
            p.progress_pct, p.year ? std::to_string(*p.year) : "",
            html_escape(p.funding.value_or("")), html_escape(t("save", language)));
    }
    return out;
}

std::string feedback_rows(const std::vector<layers::feedback_row>& feedback) {
    std::string out;
    for (const auto& f : feedback) {
        out +=
            fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"message\">{}</td></tr>\n",
                        html_escape(f.created), html_escape(f.project_code),
                        html_escape(f.name.value_or("")), html_escape(f.message));
    }
    return out;
}

std::string edit_rows(const std::vector<layers::edit_log_row>& edits) {
    std::string out;
    for (const auto& e : edits) {
        out += fmt::format(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            html_escape(e.time), html_escape(e.user_name), html_escape(e.project_code),
            html_escape(e.field), html_escape(e.old_value.value_or("")),
            html_escape(e.new_value.value_or("")));
    }
    return out;
}

} // namespace

std::string planner_page(const planner_page_data& data, lang language) {
    std::string html = head(t("planner", language), language);
    html.insert(html.find("</head>"),
                fmt::format("<meta name=\"csrf-token\" content=\"{}\">\n", html_escape(data.csrf)));
    html += fmt::format(
        "<header><a href=\"/{}\">{}</a> · {} · <form method=\"post\" action=\"/signout\" "
        "class=\"inline\"><input type=\"hidden\" name=\"csrf\" value=\"{}\"><button "
        "type=\"submit\">{}</button></form></header>\n<main class=\"page wide\">\n",
        lang_suffix(language), html_escape(t("map", language)), html_escape(data.user),
        html_escape(data.csrf), html_escape(t("signout", language)));
    html += fmt::format(
        "<h1>{}</h1>\n<table class=\"edit\" id=\"projects\"><tr><th>code</th><th>{}</th>"
        "<th>{}</th><th>{}</th><th>{}</th><th>{}</th><th></th></tr>\n",
        html_escape(t("projects", language)), html_escape(t("projects", language)),
        html_escape(t("status", language)), html_escape(t("progress", language)),
        html_escape(t("year", language)), html_escape(t("funding", language)));
    html += project_rows(data.projects, language) + "</table>\n";
    html += fmt::format("<h2>{}</h2>\n", html_escape(t("feedback", language)));
    html += data.feedback.empty()
                ? fmt::format("<p>{}</p>\n", html_escape(t("no_feedback", language)))
                : "<table id=\"feedback\">" + feedback_rows(data.feedback) + "</table>\n";
    html += fmt::format("<h2>{}</h2>\n<table id=\"edits\">{}</table>\n",
                        html_escape(t("edits", language)), edit_rows(data.edits));
    html += "</main>\n<script src=\"/static/planner.js\"></script>\n</body>\n</html>\n";
    return html;
}

std::string message_page(const std::string& title, const std::string& text, lang language) {
    return head(title, language) +
           fmt::format(
               "<main class=\"page\"><h1>{}</h1><p>{}</p><p><a href=\"/\">{}</a></p></main>\n"
               "</body>\n</html>\n",
               html_escape(title), html_escape(text), html_escape(t("map", language)));
}

} // namespace allseason::web
