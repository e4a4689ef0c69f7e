#include "layers/pg_stream.hpp"

#include <algorithm>
#include <stdexcept>

namespace allseason::layers {

namespace {

using geo::pg::binary_copy;
using pg_mirror::value_kind;

constexpr std::size_t chunk_bytes = std::size_t{1} << 20;
constexpr std::size_t chunks_in_flight = 8;

// The value as the local copy gives it back to a push (SQLite's column affinity applied);
// false for the rare value whose stored form is not certain here, which gives the stream up.
bool append_value(std::string& out, value_kind kind, const field_value& value) {
    if (std::holds_alternative<std::monostate>(value)) {
        binary_copy::null(out);
        return true;
    }
    const auto* integer = std::get_if<std::int64_t>(&value);
    const auto* real = std::get_if<double>(&value);
    const auto* text = std::get_if<std::string>(&value);
    switch (kind) {
    case value_kind::integer:
        if (integer) {
            binary_copy::int8(out, *integer);
            return true;
        }
        return false;
    case value_kind::real:
        // REAL affinity reads integers back as floating point.
        if (integer || real) {
            binary_copy::float8(out, integer ? static_cast<double>(*integer) : *real);
            return true;
        }
        return false;
    case value_kind::text:
        if (text) {
            binary_copy::bytes(out, *text);
            return true;
        }
        return false;
    default:
        return false;
    }
}

} // namespace

std::optional<written_row_layout> layout_of(const pg_mirror::table& t, const layer_spec& layer) {
    written_row_layout layout;
    for (const auto& c : t.columns) {
        if (c.name == "fid" && c.primary_key_position > 0 && c.kind == value_kind::integer) {
            layout.sources.push_back(written_row_layout::fid);
            continue;
        }
        if (c.name == "geom" && c.kind == value_kind::geometry) {
            layout.sources.push_back(written_row_layout::geometry);
            continue;
        }
        const auto found =
            std::find_if(layer.columns.begin(), layer.columns.end(),
                         [&](const column_spec& spec) { return spec.name == c.name; });
        if (found == layer.columns.end()) {
            return std::nullopt;
        }
        layout.sources.push_back(static_cast<int>(found - layer.columns.begin()));
    }
    return layout;
}

pg_stream::pg_stream(geo::pg::connection& pg, geo::database& db, pg_mirror::table t,
                     std::string schema, written_row_layout layout)
    : m_pg(&pg), m_table(std::move(t)), m_schema(std::move(schema)), m_layout(std::move(layout)),
      m_queue(chunks_in_flight) {
    for (const auto& c : m_table.columns) {
        if (c.kind == value_kind::geometry) {
            m_srid = c.srid;
        }
    }
    m_rebuild = pg_mirror::prepare_push(pg, m_table, m_schema, false, true);
    binary_copy::begin(m_buffer);
    m_sender = std::thread([this] { send(); });
    try {
        pg_mirror::local_rows rows(db, m_table);
        while (!m_given_up && rows.append(m_buffer, chunk_bytes)) {
            flush();
        }
        m_rows_sent = rows.count();
    } catch (...) {
        give_up();
        m_sender.join();
        throw;
    }
}

pg_stream::~pg_stream() {
    if (m_sender.joinable()) {
        if (!m_ended) {
            give_up();
        }
        m_sender.join();
    }
}

void pg_stream::send() {
    try {
        m_pg->copy_in(pg_mirror::copy_sql(m_table, m_schema), [this](std::string& buffer) {
            auto next = m_queue.pop();
            if (next) {
                buffer = std::move(*next);
                return true;
            }
            if (m_ended && !m_cancelled) {
                return false;
            }
            throw std::runtime_error("the stream was given up");
        });
        pg_mirror::finish_push(*m_pg, m_table, m_schema, m_rebuild);
    } catch (...) {
        m_error = std::current_exception();
        m_cancelled = true;
        m_queue.cancel();
    }
}

void pg_stream::flush() {
    if (!m_queue.push(std::move(m_buffer))) {
        m_given_up = true;
    }
    m_buffer.clear();
}

void pg_stream::give_up() {
    m_given_up = true;
    m_cancelled = true;
    m_queue.cancel();
}

bool pg_stream::encode(std::int64_t fid, const std::vector<field_value>& values,
                       const geo::blob& wkb) {
    binary_copy::row(m_buffer, static_cast<int>(m_layout.sources.size()));
    for (std::size_t i = 0; i < m_layout.sources.size(); ++i) {
        const int source = m_layout.sources[i];
        if (source == written_row_layout::fid) {
            binary_copy::int8(m_buffer, fid);
        } else if (source == written_row_layout::geometry) {
            // The copy stores what GeomFromWKB makes of these bytes; empty ones make NULL.
            if (wkb.empty()) {
                binary_copy::null(m_buffer);
            } else {
                binary_copy::geometry(m_buffer, wkb, m_srid);
            }
        } else if (!append_value(m_buffer, m_table.columns[i].kind,
                                 values.at(static_cast<std::size_t>(source)))) {
            return false;
        }
    }
    return true;
}

bool pg_stream::add(std::int64_t fid, const std::vector<field_value>& values,
                    const geo::blob& wkb) {
    if (m_given_up || m_ended) {
        return false;
    }
    if (!encode(fid, values, wkb)) {
        give_up();
        return false;
    }
    ++m_rows_added;
    if (m_buffer.size() >= chunk_bytes) {
        flush();
    }
    return !m_given_up;
}

void pg_stream::end() {
    if (m_ended || m_given_up) {
        return;
    }
    binary_copy::end(m_buffer);
    m_ended = true;
    flush();
    m_queue.close();
}

bool pg_stream::wait() {
    if (!m_ended || m_given_up) {
        give_up();
    }
    if (m_sender.joinable()) {
        m_sender.join();
    }
    return !m_given_up && !m_error;
}

} // namespace allseason::layers
