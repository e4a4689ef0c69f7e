#include "geo/postgres.hpp"

#include "geo/url.hpp"

#include <array>
#include <bit>
#include <fmt/format.h>
#include <libpq-fe.h>

namespace allseason::geo::pg {

namespace {

// The server's message without libpq's trailing newline.
std::string trimmed(const char* text) {
    std::string s = text ? text : "";
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) {
        s.pop_back();
    }
    return s;
}

template <class T> void put_big_endian(std::string& out, T value) {
    for (int shift = static_cast<int>(sizeof(T) * 8) - 8; shift >= 0; shift -= 8) {
        out += static_cast<char>((static_cast<std::uint64_t>(value) >> shift) & 0xff);
    }
}

} // namespace

bool is_url(std::string_view text) {
    return text.starts_with("postgresql://") || text.starts_with("postgres://");
}

std::string without_password(std::string_view url) {
    const auto scheme_end = url.find("://");
    const auto at = url.find('@');
    if (scheme_end == std::string_view::npos || at == std::string_view::npos) {
        return std::string(url);
    }
    const auto colon = url.find(':', scheme_end + 3);
    if (colon == std::string_view::npos || colon > at) {
        return std::string(url);
    }
    return std::string(url.substr(0, colon)) + std::string(url.substr(at));
}

url_parts parse_url(std::string_view url) {
    url_parts parts;
    const auto question = url.find('?');
    if (question == std::string_view::npos) {
        parts.conninfo = std::string(url);
        return parts;
    }
    std::string kept;
    std::string_view query = url.substr(question + 1);
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view item = query.substr(0, amp);
        if (item.starts_with("schema=")) {
            parts.schema = geo::percent_decode(item.substr(7));
        } else if (!item.empty()) {
            kept += (kept.empty() ? "" : "&") + std::string(item);
        }
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    }
    parts.conninfo = std::string(url.substr(0, question));
    if (!kept.empty()) {
        parts.conninfo += "?" + kept;
    }
    return parts;
}

void result::clearer::operator()(pg_result* r) const noexcept {
    PQclear(r);
}

int result::rows() const {
    return PQntuples(m_result.get());
}

int result::columns() const {
    return PQnfields(m_result.get());
}

bool result::is_null(int row, int column) const {
    return PQgetisnull(m_result.get(), row, column) != 0;
}

std::string_view result::get(int row, int column) const {
    return {PQgetvalue(m_result.get(), row, column),
            static_cast<std::size_t>(PQgetlength(m_result.get(), row, column))};
}

std::string result::column_name(int column) const {
    return PQfname(m_result.get(), column);
}

std::optional<std::string> result::scalar() const {
    if (rows() == 0 || columns() == 0 || is_null(0, 0)) {
        return std::nullopt;
    }
    return std::string(get(0, 0));
}

void connection::closer::operator()(pg_conn* c) const noexcept {
    PQfinish(c);
}

connection connection::open(const std::string& conninfo, std::string where) {
    pg_conn* raw = PQconnectdb(conninfo.c_str());
    connection c(raw, std::move(where));
    if (raw == nullptr || PQstatus(raw) != CONNECTION_OK) {
        throw io_error(fmt::format("{}: cannot connect to PostgreSQL: {}", c.m_where,
                                   trimmed(raw ? PQerrorMessage(raw) : "out of memory")));
    }
    // Quiet NOTICEs (DROP … IF EXISTS) and exact floats whatever the server's default.
    PQsetNoticeProcessor(
        raw, [](void*, const char*) {}, nullptr);
    c.exec("SET extra_float_digits = 3");
    return c;
}

void connection::fail(pg_result* r, std::string_view sql) const {
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    std::string message = trimmed(r ? PQresultErrorMessage(r) : PQerrorMessage(m_conn.get()));
    if (message.empty()) {
        message = trimmed(PQerrorMessage(m_conn.get()));
    }
    if (message.starts_with("ERROR:")) {
        message = trimmed(message.c_str() + 6);
        message.erase(0, message.find_first_not_of(' '));
    }
    std::string sqlstate = state ? state : "";
    PQclear(r);
    const std::string first_line = std::string(sql.substr(0, sql.find('\n')));
    throw server_error(fmt::format("{}: PostgreSQL refused the command: {} (SQLSTATE {}; in: {})",
                                   m_where, message, sqlstate.empty() ? "none" : sqlstate,
                                   first_line.substr(0, 120)),
                       sqlstate, message);
}

std::string connection::identity() const {
    pg_conn* c = m_conn.get();
    return fmt::format("{}@{}:{}/{}", PQuser(c), PQhost(c), PQport(c), PQdb(c));
}

bool unless_refused(connection& c, const std::function<void()>& write) {
    c.exec("SAVEPOINT allseason_unless_refused");
    try {
        write();
        c.exec("RELEASE SAVEPOINT allseason_unless_refused");
        return true;
    } catch (const server_error& e) {
        if (!e.permission_denied()) {
            throw;
        }
        c.exec("ROLLBACK TO SAVEPOINT allseason_unless_refused");
        return false;
    }
}

std::vector<std::pair<std::string, std::string>> connection::parameters() const {
    static constexpr std::array wanted{"host", "hostaddr", "port", "dbname", "user", "sslmode"};
    std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(PQconninfo(m_conn.get()),
                                                                         &PQconninfoFree);
    std::vector<std::pair<std::string, std::string>> out;
    for (const char* key : wanted) {
        for (auto* o = options.get(); o && o->keyword; ++o) {
            if (std::string_view(o->keyword) == key && o->val && *o->val) {
                out.emplace_back(key, o->val);
            }
        }
    }
    return out;
}

result connection::exec(std::string_view sql, const std::vector<param>& params) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) {
        values.push_back(p ? p->c_str() : nullptr);
    }
    const std::string text(sql);
    pg_result* r =
        PQexecParams(m_conn.get(), text.c_str(), static_cast<int>(values.size()), nullptr,
                     values.empty() ? nullptr : values.data(), nullptr, nullptr, 0);
    const auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        fail(r, sql);
    }
    return result(r);
}

void connection::copy_in(std::string_view sql,
                         const std::function<bool(std::string& buffer)>& fill) {
    const std::string text(sql);
    pg_result* start = PQexec(m_conn.get(), text.c_str());
    if (!start || PQresultStatus(start) != PGRES_COPY_IN) {
        fail(start, sql);
    }
    PQclear(start);
    std::string buffer;
    bool more = true;
    try {
        while (more) {
            buffer.clear();
            more = fill(buffer);
            if (!buffer.empty() &&
                PQputCopyData(m_conn.get(), buffer.data(), static_cast<int>(buffer.size())) != 1) {
                break;
            }
        }
    } catch (...) {
        // The server throws the rows away and the connection is usable again (for a rollback).
        PQputCopyEnd(m_conn.get(), "the client gave up the COPY");
        while (pg_result* rest = PQgetResult(m_conn.get())) {
            PQclear(rest);
        }
        throw;
    }
    PQputCopyEnd(m_conn.get(), nullptr);
    pg_result* end = PQgetResult(m_conn.get());
    if (!end || PQresultStatus(end) != PGRES_COMMAND_OK) {
        while (pg_result* rest = PQgetResult(m_conn.get())) {
            PQclear(rest);
        }
        fail(end, sql);
    }
    PQclear(end);
    while (pg_result* rest = PQgetResult(m_conn.get())) {
        PQclear(rest);
    }
}

void connection::copy_out(std::string_view sql,
                          const std::function<void(std::string_view row)>& row) {
    const std::string text(sql);
    pg_result* start = PQexec(m_conn.get(), text.c_str());
    if (!start || PQresultStatus(start) != PGRES_COPY_OUT) {
        fail(start, sql);
    }
    PQclear(start);
    for (;;) {
        char* line = nullptr;
        const int n = PQgetCopyData(m_conn.get(), &line, 0);
        if (n < 0) {
            break;
        }
        std::string_view view(line, static_cast<std::size_t>(n));
        if (!view.empty() && view.back() == '\n') {
            view.remove_suffix(1);
        }
        try {
            row(view);
        } catch (...) {
            PQfreemem(line);
            throw;
        }
        PQfreemem(line);
    }
    pg_result* end = PQgetResult(m_conn.get());
    if (!end || PQresultStatus(end) != PGRES_COMMAND_OK) {
        fail(end, sql);
    }
    PQclear(end);
    while (pg_result* rest = PQgetResult(m_conn.get())) {
        PQclear(rest);
    }
}

transaction::transaction(connection& c) : m_conn(&c) {
    m_conn->exec("BEGIN");
}

transaction::~transaction() {
    if (!m_done) {
        try {
            m_conn->exec("ROLLBACK");
        } catch (...) {
            // The connection is gone; the server rolls back on its own.
        }
    }
}

void transaction::commit() {
    m_conn->exec("COMMIT");
    m_done = true;
}

std::string unescape_copy_text(std::string_view field) {
    std::string out;
    out.reserve(field.size());
    for (std::size_t i = 0; i < field.size(); ++i) {
        if (field[i] != '\\' || i + 1 == field.size()) {
            out += field[i];
            continue;
        }
        const char c = field[++i];
        switch (c) {
        case 't':
            out += '\t';
            break;
        case 'n':
            out += '\n';
            break;
        case 'r':
            out += '\r';
            break;
        case 'b':
            out += '\b';
            break;
        case 'f':
            out += '\f';
            break;
        case 'v':
            out += '\v';
            break;
        default:
            out += c; // "\\" and any other escaped character stand for themselves
        }
    }
    return out;
}

std::vector<std::optional<std::string>> split_copy_row(std::string_view row) {
    std::vector<std::optional<std::string>> fields;
    for (;;) {
        const auto tab = row.find('\t');
        const std::string_view field = row.substr(0, tab);
        if (field == "\\N") {
            fields.emplace_back(std::nullopt);
        } else {
            fields.emplace_back(unescape_copy_text(field));
        }
        if (tab == std::string_view::npos) {
            break;
        }
        row.remove_prefix(tab + 1);
    }
    return fields;
}



void binary_copy::begin(std::string& out) {
    out.append("PGCOPY\n\377\r\n\0", 11);
    put_big_endian<std::uint32_t>(out, 0); // flags: no OIDs
    put_big_endian<std::uint32_t>(out, 0); // no header extension
}

void binary_copy::end(std::string& out) { put_big_endian<std::uint16_t>(out, 0xffff); }

void binary_copy::row(std::string& out, int fields) {
    put_big_endian<std::uint16_t>(out, static_cast<std::uint16_t>(fields));
}

void binary_copy::null(std::string& out) { put_big_endian<std::uint32_t>(out, 0xffffffffu); }

void binary_copy::int8(std::string& out, std::int64_t value) {
    put_big_endian<std::uint32_t>(out, 8);
    put_big_endian<std::uint64_t>(out, static_cast<std::uint64_t>(value));
}

void binary_copy::float8(std::string& out, double value) {
    put_big_endian<std::uint32_t>(out, 8);
    put_big_endian<std::uint64_t>(out, std::bit_cast<std::uint64_t>(value));
}

void binary_copy::bytes(std::string& out, std::string_view value) {
    if (value.size() > 0x7fffffffu) {
        throw data_error(fmt::format("a value of {} bytes is too large for PostgreSQL", value.size()));
    }
    put_big_endian<std::uint32_t>(out, static_cast<std::uint32_t>(value.size()));
    out.append(value);
}

void binary_copy::geometry(std::string& out, std::span<const unsigned char> wkb, int srid) {
    constexpr std::uint32_t srid_flag = 0x20000000;
    if (wkb.size() < 5 || wkb[0] > 1) {
        throw data_error(fmt::format("not a WKB geometry ({} bytes)", wkb.size()));
    }
    const bool little = wkb[0] == 1;
    std::uint32_t type = 0;
    for (int i = 0; i < 4; ++i) {
        const auto byte = static_cast<std::uint32_t>(wkb[1 + static_cast<std::size_t>(i)]);
        type |= little ? byte << (8 * i) : byte << (8 * (3 - i));
    }
    auto put32 = [&](std::uint32_t v) {
        for (int i = 0; i < 4; ++i) {
            out += static_cast<char>(little ? (v >> (8 * i)) & 0xff : (v >> (8 * (3 - i))) & 0xff);
        }
    };
    put_big_endian<std::uint32_t>(out, static_cast<std::uint32_t>(wkb.size() + 4));
    out += static_cast<char>(wkb[0]);
    put32(type | srid_flag);
    put32(static_cast<std::uint32_t>(srid));
    out.append(reinterpret_cast<const char*>(wkb.data()) + 5, wkb.size() - 5);
}

} // namespace allseason::geo::pg
