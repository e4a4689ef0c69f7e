#pragma once
// PostgreSQL connections through libpq: a connection made from a postgresql:// URL (the
// `schema` parameter taken out, the PG* environment honoured), results, statements with bound
// parameters only, and COPY in and out. Errors carry the SQLSTATE and the server's message.
// Handles are forward-declared so that callers need not see libpq-fe.h.
#include "geo/errors.hpp"

#include <functional>
#include <memory>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct pg_conn;
struct pg_result;

namespace allseason::geo::pg {

// A statement the server refused: the SQLSTATE (e.g. "42501" permission denied) is kept so
// that callers can tell a refused write from a broken connection.
class server_error : public data_error {
public:
    server_error(const std::string& message, std::string sqlstate, std::string server_message)
        : data_error(message), m_sqlstate(std::move(sqlstate)),
          m_server_message(std::move(server_message)) {}
    const std::string& sqlstate() const { return m_sqlstate; }
    // The server's own words, e.g. "permission denied for table villages".
    const std::string& server_message() const { return m_server_message; }
    bool permission_denied() const { return m_sqlstate == "42501"; }

private:
    std::string m_sqlstate;
    std::string m_server_message;
};

// The URL with any password taken out, for messages.
std::string without_password(std::string_view url);

// True for postgresql:// and postgres:// URLs.
bool is_url(std::string_view text);

struct url_parts {
    std::string conninfo; // the URL without `schema` (libpq parses the rest)
    std::string schema;   // empty when the URL has none
};
// Splits the `schema` query parameter off a URL; other parameters stay for libpq.
url_parts parse_url(std::string_view url);

using param = std::optional<std::string>; // nullopt: SQL NULL

class result {
public:
    int rows() const;
    int columns() const;
    bool is_null(int row, int column) const;
    std::string_view get(int row, int column) const;
    std::string column_name(int column) const;
    // The first row's first column (an empty optional for no row or NULL).
    std::optional<std::string> scalar() const;

private:
    friend class connection;
    struct clearer {
        void operator()(pg_result* r) const noexcept;
    };
    explicit result(pg_result* r) : m_result(r) {}
    std::unique_ptr<pg_result, clearer> m_result;
};

class connection {
public:
    // Connects with `conninfo` (a URL or key=value string); `where` names the project in errors.
    static connection open(const std::string& conninfo, std::string where);

    // Runs one statement with bound parameters ($1, $2, … in the SQL).
    result exec(std::string_view sql, const std::vector<param>& params = {});
    // COPY … FROM STDIN: `fill` appends data in the statement's format (text, or binary with
    // binary_copy) to the buffer and returns false when it has no more. When `fill` throws,
    // the COPY is abandoned (no row of it stays) and the exception passes on.
    void copy_in(std::string_view sql, const std::function<bool(std::string& buffer)>& fill);
    // COPY … TO STDOUT: `row` receives each line (COPY text format, without the newline).
    void copy_out(std::string_view sql, const std::function<void(std::string_view row)>& row);
    const std::string& where() const { return m_where; }
    // user@host:port/dbname of the live connection (the PG* environment applied).
    std::string identity() const;
    // The live connection's host, hostaddr, port, dbname, user and sslmode (those set), for
    // other programs to reach the same database; never the password.
    std::vector<std::pair<std::string, std::string>> parameters() const;

private:
    struct closer {
        void operator()(pg_conn* c) const noexcept;
    };
    connection(pg_conn* c, std::string where) : m_conn(c), m_where(std::move(where)) {}
    [[noreturn]] void fail(pg_result* r, std::string_view sql) const;

    std::unique_ptr<pg_conn, closer> m_conn;
    std::string m_where;
};

// Runs `write` inside a savepoint of the caller's transaction. When the server refuses it for
// want of a privilege the savepoint is rolled back and false returned (the rest of the
// transaction goes on); any other error propagates.
bool unless_refused(connection& c, const std::function<void()>& write);

// Rolls back unless committed.
class transaction {
public:
    explicit transaction(connection& c);
    ~transaction();
    transaction(const transaction&) = delete;
    transaction& operator=(const transaction&) = delete;
    void commit();

private:
    connection* m_conn;
    bool m_done = false;
};

// COPY text format: one field of a row read back (the escapes undone).
std::string unescape_copy_text(std::string_view field);
// Splits a COPY text row at tabs; "\N" fields come back as nullopt.
std::vector<std::optional<std::string>> split_copy_row(std::string_view row);

// COPY binary format (PostgreSQL's "Binary Format" of COPY): libpq sends bytes but has no
// encoder, so this small one is ours. Fields are written in the table's column order; the
// server checks each value with the type's receive function (geometry takes EWKB).
class binary_copy {
public:
    // The signature, flags and header extension that open the stream.
    static void begin(std::string& out);
    // The end-of-data marker.
    static void end(std::string& out);
    static void row(std::string& out, int fields);
    static void null(std::string& out);
    static void int8(std::string& out, std::int64_t value);
    static void float8(std::string& out, double value);
    // text, bytea and geometry (EWKB) values: their bytes as they are.
    static void bytes(std::string& out, std::string_view value);
    // A geometry from its WKB, sent as EWKB with `srid` (the SRID flag on the outer type).
    static void geometry(std::string& out, std::span<const unsigned char> wkb, int srid);
};

} // namespace allseason::geo::pg
