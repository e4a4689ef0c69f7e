// The routes of `serve` (contract §6): public map, API and project pages; planners' sign-in,
// edits and feedback. Every refusal happens before anything is written.
#include "geo/errors.hpp"
#include "layers/web_records.hpp"
#include "web/assets.hpp"
#include "web/geojson.hpp"
#include "web/pages.hpp"
#include "web/site.hpp"

#include <httplib.h>
#include <iostream>
#include <nlohmann/json.hpp>

namespace allseason::web {

namespace {

const char* const session_cookie = "allseason_session";

void send_json(httplib::Response& res, int status, const std::string& body) {
    res.status = status;
    res.set_content(body, "application/json; charset=utf-8");
    res.set_header("Cache-Control", "no-store");
}

void send_error(httplib::Response& res, int status, const std::string& message) {
    send_json(res, status, nlohmann::json{{"error", message}}.dump() + "\n");
}

void send_html(httplib::Response& res, int status, const std::string& html) {
    res.status = status;
    res.set_content(html, "text/html; charset=utf-8");
    res.set_header("Cache-Control", "no-store");
}

void redirect(httplib::Response& res, const std::string& to) {
    res.status = 303;
    res.set_header("Location", to);
}

lang request_lang(const httplib::Request& req) {
    return lang_of(req.get_param_value("lang"));
}

std::string lang_query(const httplib::Request& req) {
    return request_lang(req) == lang::en ? "?lang=en" : "";
}

bool is_api(const httplib::Request& req) {
    return req.path.rfind("/api/", 0) == 0;
}

// Refusals: JSON under /api, a plain page elsewhere.
void refuse(const httplib::Request& req, httplib::Response& res, int status,
            const std::string& message) {
    if (is_api(req)) {
        send_error(res, status, message);
    } else {
        send_html(res, status, message_page(std::to_string(status), message, request_lang(req)));
    }
}

std::string cookie_value(const httplib::Request& req, const std::string& name) {
    const auto header = req.get_header_value("Cookie");
    std::size_t start = 0;
    while (start < header.size()) {
        auto end = header.find(';', start);
        if (end == std::string::npos)
            end = header.size();
        auto item = header.substr(start, end - start);
        item.erase(0, item.find_first_not_of(' '));
        if (item.rfind(name + "=", 0) == 0)
            return item.substr(name.size() + 1);
        start = end + 1;
    }
    return {};
}

std::optional<session> signed_in(site& s, const httplib::Request& req) {
    const auto id = cookie_value(req, session_cookie);
    if (id.empty())
        return std::nullopt;
    return s.sessions.find(id);
}

// HttpOnly and SameSite=Strict always; Secure over TLS or behind an HTTPS proxy.
std::string cookie_attributes(site& s, const httplib::Request& req) {
    const bool secure =
        s.options.behind_https || req.get_header_value("X-Forwarded-Proto") == "https";
    return std::string("; Path=/; HttpOnly; SameSite=Strict") + (secure ? "; Secure" : "");
}

api_query query_of(const httplib::Request& req) {
    api_query q;
    if (req.has_param("scenario"))
        q.scenario = req.get_param_value("scenario");
    if (req.has_param("to"))
        q.to = req.get_param_value("to");
    q.vehicle = req.get_param_value("vehicle");
    q.ford_depth = req.get_param_value("ford_depth");
    q.by = req.get_param_value("by");
    if (req.has_param("budget")) {
        const auto text = req.get_param_value("budget");
        std::size_t used = 0;
        double value = 0;
        try {
            value = std::stod(text, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used != text.size() || text.empty())
            throw usage_error("budget=" + text + ": not an amount in million VND");
        q.budget_million_vnd = value;
    }
    return q;
}

// Runs an API answer, turning the library's typed errors into 400/422 and anything else
// into a 500 that says nothing of the inside (the detail goes to the server's log).
template <class F> void answer(const httplib::Request& req, httplib::Response& res, F&& make) {
    try {
        make();
    } catch (const usage_error& e) {
        refuse(req, res, 400, e.what());
    } catch (const data_error& e) {
        refuse(req, res, 422, e.what());
    } catch (const std::exception& e) {
        std::cerr << "error: " << req.method << ' ' << req.path << ": " << e.what() << '\n';
        refuse(req, res, 500, "internal error");
    }
}

void serve_assets(httplib::Server& http) {
    for (const auto& a : assets()) {
        const std::string url(a.url);
        std::string type = "application/octet-stream";
        if (url.ends_with(".js"))
            type = "text/javascript; charset=utf-8";
        else if (url.ends_with(".css"))
            type = "text/css; charset=utf-8";
        else if (url.ends_with(".png"))
            type = "image/png";
        else if (url == "/")
            type = "text/html; charset=utf-8";
        const bool ours = url.find("/leaflet/") == std::string::npos;
        http.Get(url, [a, type, ours](const httplib::Request&, httplib::Response& res) {
            res.set_content(std::string(a.bytes), type.c_str());
            res.set_header("Cache-Control", ours ? "no-cache" : "public, max-age=86400");
        });
    }
}

void api_routes(httplib::Server& http, site& s) {
    http.Get("/api/cutoff", [&s](const httplib::Request& req, httplib::Response& res) {
        answer(req, res, [&] { send_json(res, 200, s.answers.cutoff_text(query_of(req))); });
    });
    http.Get("/api/rank", [&s](const httplib::Request& req, httplib::Response& res) {
        answer(req, res, [&] { send_json(res, 200, s.answers.rank_text(query_of(req))); });
    });
    http.Get(R"(/api/layers/([a-z_]+)\.geojson)", [&s](const httplib::Request& req,
                                                       httplib::Response& res) {
        const std::string layer = req.matches[1];
        if (!is_public_layer(layer)) {
            send_error(res, 404, "no public layer \"" + layer + "\"");
            return;
        }
        answer(req, res, [&] {
            auto text = s.access.with([&](layers::project& p) { return layer_geojson(p, layer); });
            res.set_content(text, "application/geo+json; charset=utf-8");
            res.set_header("Cache-Control", "no-cache");
        });
    });
    http.Get("/api/meta", [&s](const httplib::Request& req, httplib::Response& res) {
        answer(req, res, [&] {
            const auto& o = s.options;
            auto meta = s.access.with([](layers::project& p) {
                nlohmann::json out = {{"name", p.metadata().name}};
                for (const char* table : {"scenarios", "vehicles"}) {
                    std::vector<std::string> names;
                    auto st =
                        p.db().prepare(std::string("SELECT name FROM ") + table + " ORDER BY name");
                    while (st.step())
                        names.push_back(st.get_text(0));
                    out[table] = names;
                }
                return out;
            });
            meta["vehicle"] = o.vehicle;
            meta["ford_depth_m"] = o.ford_depth_m ? nlohmann::json(*o.ford_depth_m) : nullptr;
            send_json(res, 200, meta.dump() + "\n");
        });
    });
}

std::optional<project_benefit> benefit_of(site& s, const std::string& code) {
    try {
        const auto rank = nlohmann::json::parse(s.answers.rank_text(api_query{}));
        for (const auto& p : rank.at("projects")) {
            if (p.at("code") == code) {
                return project_benefit{p.at("rank").get<std::int64_t>(),
                                       p.at("households_unflooded").get<std::int64_t>(),
                                       p.at("villages_unflooded").get<std::vector<std::string>>()};
            }
        }
    } catch (const std::exception& e) {
        std::cerr << "note: no ranking for the project page: " << e.what() << '\n';
    }
    return std::nullopt;
}

void project_routes(httplib::Server& http, site& s) {
    http.Get(R"(/projects/([^/]+))", [&s](const httplib::Request& req, httplib::Response& res) {
        const std::string code = req.matches[1];
        answer(req, res, [&] {
            auto row =
                s.access.with([&](layers::project& p) { return layers::find_project(p, code); });
            if (!row) {
                refuse(req, res, 404, "no project " + code);
                return;
            }
            project_page_data data{*row, benefit_of(s, code), s.tokens.issue("feedback:" + code),
                                   ""};
            if (req.get_param_value("sent") == "1") {
                data.notice = request_lang(req) == lang::vi
                                  ? "Cảm ơn! Góp ý của bạn đã được gửi tới cán bộ xã."
                                  : "Thank you: your feedback went to the commune's planners.";
            }
            send_html(res, 200, project_page(data, request_lang(req)));
        });
    });
    http.Post(R"(/projects/([^/]+)/feedback)",
              [&s](const httplib::Request& req, httplib::Response& res) {
                  const std::string code = req.matches[1];
                  if (!s.feedback_requests.allow(req.remote_addr)) {
                      refuse(req, res, 429, "too many feedbacks from this address; try later");
                      return;
                  }
                  if (!s.tokens.valid("feedback:" + code, req.get_param_value("csrf"))) {
                      refuse(req, res, 403, "the form is too old or not ours; reload the page");
                      return;
                  }
                  answer(req, res, [&] {
                      std::optional<std::string> name;
                      if (req.has_param("name"))
                          name = req.get_param_value("name");
                      const auto message = req.get_param_value("message");
                      const bool known = s.access.with_write([&](layers::project& p) {
                          if (!layers::find_project(p, code))
                              return false;
                          layers::add_feedback(p, code, name, message);
                          return true;
                      });
                      if (!known) {
                          refuse(req, res, 404, "no project " + code);
                          return;
                      }
                      const auto q = lang_query(req);
                      redirect(res, "/projects/" + code + (q.empty() ? "?sent=1" : q + "&sent=1"));
                  });
              });
}

void signin_routes(httplib::Server& http, site& s) {
    http.Get("/signin", [&s](const httplib::Request& req, httplib::Response& res) {
        send_html(res, 200, signin_page(s.tokens.issue("signin"), "", request_lang(req)));
    });
    http.Post("/signin", [&s](const httplib::Request& req, httplib::Response& res) {
        if (!s.signin_requests.allow(req.remote_addr)) {
            refuse(req, res, 429, "too many sign-in attempts from this address; try later");
            return;
        }
        if (!s.tokens.valid("signin", req.get_param_value("csrf"))) {
            refuse(req, res, 403, "the form is too old or not ours; reload the page");
            return;
        }
        answer(req, res, [&] {
            const auto name = req.get_param_value("name");
            const auto hash = s.access.with(
                [&](layers::project& p) { return layers::password_hash_of(p, name); });
            // Hash a password for an unknown name too, so that timing does not tell names.
            static const std::string decoy = hash_password(random_token());
            const bool ok =
                password_matches(hash.value_or(decoy), req.get_param_value("password")) &&
                hash.has_value();
            if (!ok) {
                const auto error = request_lang(req) == lang::vi
                                       ? "Sai tên đăng nhập hoặc mật khẩu."
                                       : "Wrong user name or password.";
                send_html(res, 401,
                          signin_page(s.tokens.issue("signin"), error, request_lang(req)));
                return;
            }
            const auto id = s.sessions.open(name);
            res.set_header("Set-Cookie",
                           std::string(session_cookie) + "=" + id + cookie_attributes(s, req));
            redirect(res, "/planner" + lang_query(req));
        });
    });
    http.Post("/signout", [&s](const httplib::Request& req, httplib::Response& res) {
        const auto who = signed_in(s, req);
        if (!who) {
            refuse(req, res, 401, "not signed in");
            return;
        }
        if (!same_secret(req.get_param_value("csrf"), who->csrf)) {
            refuse(req, res, 403, "missing or wrong CSRF token");
            return;
        }
        s.sessions.close(cookie_value(req, session_cookie));
        res.set_header("Set-Cookie",
                       std::string(session_cookie) + "=; Max-Age=0" + cookie_attributes(s, req));
        redirect(res, "/");
    });
}

void planner_routes(httplib::Server& http, site& s) {
    http.Get("/planner", [&s](const httplib::Request& req, httplib::Response& res) {
        const auto who = signed_in(s, req);
        if (!who) {
            redirect(res, "/signin" + lang_query(req));
            return;
        }
        answer(req, res, [&] {
            planner_page_data data{who->user, who->csrf, {}, {}, {}};
            s.access.with([&](layers::project& p) {
                data.projects = layers::read_candidate_projects(p);
                data.feedback = layers::list_feedback(p);
                data.edits = layers::list_edit_log(p);
                return 0;
            });
            send_html(res, 200, planner_page(data, request_lang(req)));
        });
    });
    http.Post(
        R"(/api/projects/([^/]+))", [&s](const httplib::Request& req, httplib::Response& res) {
            const std::string code = req.matches[1];
            const auto who = signed_in(s, req);
            if (!who) {
                send_error(res, 401, "sign in first");
                return;
            }
            if (!same_secret(req.get_header_value("X-CSRF-Token"), who->csrf)) {
                send_error(res, 403, "missing or wrong CSRF token (X-CSRF-Token)");
                return;
            }
            answer(req, res, [&] {
                const auto edit = parse_edit(req.body);
                const auto changed =
                    s.access.with_write([&](layers::project& p) -> std::optional<int> {
                    if (!layers::find_project(p, code))
                        return std::nullopt;
                    return layers::apply_project_edit(p, who->user, code, edit);
                });
                if (!changed) {
                    send_error(res, 404, "no project " + code);
                    return;
                }
                send_json(res, 200,
                          nlohmann::json{{"code", code}, {"changed", *changed}}.dump() + "\n");
            });
        });
}

} // namespace

layers::project_edit parse_edit(const std::string& body) {
    const auto j = nlohmann::json::parse(body, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        throw usage_error("the body is not a JSON object");
    layers::project_edit edit;
    for (const auto& [key, value] : j.items()) {
        if (key == "status" && value.is_string()) {
            edit.status = value.get<std::string>();
        } else if (key == "progress_pct" && value.is_number_integer()) {
            edit.progress_pct = value.get<std::int64_t>();
        } else if (key == "year" && (value.is_number_integer() || value.is_null())) {
            edit.set_year = true;
            if (!value.is_null())
                edit.year = value.get<std::int64_t>();
        } else if (key == "funding" && (value.is_string() || value.is_null())) {
            edit.set_funding = true;
            if (!value.is_null())
                edit.funding = value.get<std::string>();
        } else {
            throw usage_error("\"" + key +
                              "\": not an editable field of the right type (status text, "
                              "progress_pct integer, year integer or null, funding text or null)");
        }
    }
    layers::validate(edit);
    return edit;
}

void install_routes(httplib::Server& http, site& s) {
    serve_assets(http);
    http.Get("/favicon.ico", [](const httplib::Request&, httplib::Response& res) {
        res.status = 204; // no icon, and no 404 in the browser's console
    });
    api_routes(http, s);
    project_routes(http, s);
    signin_routes(http, s);
    planner_routes(http, s);
    http.set_error_handler(httplib::Server::HandlerWithResponse(
        [](const httplib::Request& req, httplib::Response& res) {
            if (!res.body.empty())
                return httplib::Server::HandlerResponse::Unhandled;
            const std::string message = res.status == 404   ? "not found"
                                        : res.status == 413 ? "the request body is over 16 KB"
                                                            : "the request was refused";
            refuse(req, res, res.status, message);
            return httplib::Server::HandlerResponse::Handled;
        }));
    http.set_exception_handler([](const httplib::Request& req, httplib::Response& res,
                                  std::exception_ptr) { refuse(req, res, 500, "internal error"); });
}

} // namespace allseason::web
