#include "layers/network_store.hpp"

#include "geo/errors.hpp"
#include "layers/project.hpp"

#include <algorithm>
#include <cstring>
#include <fmt/format.h>
#include <new>
#include <xxhash.h>
#include <zstd.h>

namespace allseason::layers {

namespace {

// Chunks keep every blob far below SQLite's 1 GB limit and bound what a reader holds at once.
constexpr std::size_t chunk_bytes = std::size_t{4} << 20;

// Each chunk is stored compressed with zstd at its fastest level: the network's integers and
// coordinates shrink 6-10 times (158 MB for a million segments becomes about 20 MB), so the
// first run writes, fsyncs and later frees (Debian's SQLite zeroes freed pages) a tenth of
// the bytes, for about 0.1 s of decompression when it is read.
constexpr int compression_level = 1;

std::shared_ptr<void> make_compressor() {
    return {ZSTD_createCCtx(), [](void* c) { ZSTD_freeCCtx(static_cast<ZSTD_CCtx*>(c)); }};
}

std::shared_ptr<void> make_decompressor() {
    return {ZSTD_createDCtx(), [](void* d) { ZSTD_freeDCtx(static_cast<ZSTD_DCtx*>(d)); }};
}

constexpr std::string_view state_table_sql = R"(
CREATE TABLE IF NOT EXISTS network_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  -- counts every change of the network's input tables (their triggers add one per row)
  generation INTEGER NOT NULL
))";

constexpr std::string_view cache_table_sql = R"(
CREATE TABLE IF NOT EXISTS network_cache (
  variant INTEGER PRIMARY KEY, -- 0: today's network, 1: with the proposed roads (rank)
  generation INTEGER NOT NULL,
  format INTEGER NOT NULL,
  tool_version TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  settings TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  chunks INTEGER NOT NULL,
  created TEXT NOT NULL
))";

constexpr std::string_view chunks_table_sql = R"(
CREATE TABLE IF NOT EXISTS network_cache_chunks (
  variant INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  checksum TEXT NOT NULL, -- XXH3-64 of data, hex
  data BLOB NOT NULL,
  PRIMARY KEY (variant, seq)
))";

constexpr const char* trigger_events[] = {"insert", "update", "delete"};

std::string trigger_name(const std::string& table, const char* event) {
    return fmt::format("network_touch_{}_{}", table, event);
}

std::string checksum_of(std::span<const unsigned char> data) {
    return fmt::format("{:016x}", XXH3_64bits(data.data(), data.size()));
}

std::int64_t expected_triggers(geo::database& db) {
    std::int64_t tables = 0;
    for (const auto& t : network_input_tables())
        tables += db.table_exists(t) ? 1 : 0;
    return tables * static_cast<std::int64_t>(std::size(trigger_events));
}

std::int64_t present_triggers(geo::database& db) {
    return db
        .query_int("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE "
                   "'network\\_touch\\_%' ESCAPE '\\'")
        .value_or(0);
}

} // namespace

const std::vector<std::string>& network_input_tables() {
    static const std::vector<std::string> tables{
        "roads",      "fords",        "bridges",  "villages",  "facilities",
        "households", "hazard_zones", "projects", "scenarios", "vehicles"};
    return tables;
}

void ensure_network_bookkeeping(geo::database& db) {
    db.exec(state_table_sql);
    db.exec("INSERT OR IGNORE INTO network_state (id, generation) VALUES (1, 0)");
    db.exec(cache_table_sql);
    db.exec(chunks_table_sql);
    bool added = false;
    for (const auto& table : network_input_tables()) {
        if (!db.table_exists(table))
            continue;
        for (const char* event : trigger_events) {
            const auto name = trigger_name(table, event);
            if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?")
                    .bind(1, name)
                    .step()) {
                continue;
            }
            db.exec(fmt::format("CREATE TRIGGER {} AFTER {} ON {} BEGIN UPDATE network_state SET "
                                "generation = generation + 1; END",
                                geo::quote_identifier(name), event, geo::quote_identifier(table)));
            added = true;
        }
    }
    if (added)
        count_network_change(db);
}

void count_network_change(geo::database& db) {
    if (db.table_exists("network_state")) {
        db.exec("UPDATE network_state SET generation = generation + 1");
    }
}

std::optional<std::int64_t> network_generation(geo::database& db) {
    if (!db.table_exists("network_state") || !db.table_exists("network_cache_chunks")) {
        return std::nullopt;
    }
    if (present_triggers(db) != expected_triggers(db))
        return std::nullopt;
    return db.query_int("SELECT generation FROM network_state WHERE id = 1");
}

std::optional<network_cache_header> read_network_cache_header(project& p, int variant) {
    auto& db = p.db();
    if (!db.table_exists("network_cache"))
        return std::nullopt;
    auto stmt = db.prepare("SELECT generation, format, tool_version, schema_version, settings, "
                           "bytes, chunks, created FROM network_cache WHERE variant = ?");
    stmt.bind(1, variant);
    if (!stmt.step())
        return std::nullopt;
    network_cache_header h;
    h.generation = stmt.get_int(0);
    h.format = stmt.get_int(1);
    h.tool_version = stmt.get_text(2);
    h.schema_version = static_cast<int>(stmt.get_int(3));
    h.settings = stmt.get_text(4);
    h.bytes = stmt.get_int(5);
    h.chunks = stmt.get_int(6);
    h.created = stmt.get_text(7);
    return h;
}

void clear_network_cache(geo::database& db) {
    if (db.table_exists("network_cache"))
        db.exec("DELETE FROM network_cache");
    if (db.table_exists("network_cache_chunks"))
        db.exec("DELETE FROM network_cache_chunks");
}

// ---- writer ------------------------------------------------------------------------------

namespace {

// Frees the variant's stored network in a transaction of its own, then opens the writer's:
// the new chunks reuse free pages instead of pages the rollback journal must copy (a
// recompile wrote twice the bytes). The other variant, stale or not, stays until its own
// command replaces it: freeing a million-segment network walks 40,000 overflow pages (about
// 2 s of disk work), which `cutoff` should not pay for `rank`'s copy. So a project holds at
// most one stored network per variant.
geo::savepoint begin_writing(geo::database& db, int variant) {
    geo::savepoint discarding(db, "network_cache_discard");
    db.prepare("DELETE FROM network_cache_chunks WHERE variant = ?").bind(1, variant).run();
    db.prepare("DELETE FROM network_cache WHERE variant = ?").bind(1, variant).run();
    discarding.release();
    return geo::savepoint(db, "network_cache_write");
}

} // namespace

network_cache_writer::network_cache_writer(project& p, int variant)
    : m_db(&p.db()), m_variant(variant), m_savepoint(begin_writing(p.db(), variant)),
      m_insert(p.db().prepare("INSERT INTO network_cache_chunks (variant, seq, checksum, data) "
                              "VALUES (?, ?, ?, ?)")),
      m_compressor(make_compressor()) {
    if (!m_compressor)
        throw std::bad_alloc();
    m_buffer.reserve(chunk_bytes);
    m_packed.resize(ZSTD_compressBound(chunk_bytes));
}

network_cache_writer::~network_cache_writer() = default;

void network_cache_writer::write(const void* data, std::size_t size) {
    const auto* bytes = static_cast<const unsigned char*>(data);
    while (size > 0) {
        const auto take = std::min(size, chunk_bytes - m_buffer.size());
        m_buffer.insert(m_buffer.end(), bytes, bytes + take);
        bytes += take;
        size -= take;
        m_bytes += static_cast<std::int64_t>(take);
        if (m_buffer.size() == chunk_bytes)
            flush();
    }
}

void network_cache_writer::flush() {
    if (m_buffer.empty())
        return;
    const auto packed_size =
        ZSTD_compressCCtx(static_cast<ZSTD_CCtx*>(m_compressor.get()), m_packed.data(),
                          m_packed.size(), m_buffer.data(), m_buffer.size(), compression_level);
    if (ZSTD_isError(packed_size)) {
        throw io_error(fmt::format("the compiled network could not be compressed ({})",
                                   ZSTD_getErrorName(packed_size)));
    }
    const std::span<const unsigned char> packed(m_packed.data(), packed_size);
    m_insert.reset();
    m_insert.bind(1, m_variant)
        .bind(2, m_chunks)
        .bind(3, checksum_of(packed))
        .bind(4, packed)
        .run();
    ++m_chunks;
    m_buffer.clear();
}

void network_cache_writer::commit(network_cache_header header) {
    flush();
    header.bytes = m_bytes;
    header.chunks = m_chunks;
    header.created = utc_now_iso8601();
    m_db->prepare("INSERT INTO network_cache (variant, generation, format, tool_version, "
                  "schema_version, settings, bytes, chunks, created) VALUES (?, ?, ?, ?, ?, ?, ?, "
                  "?, ?)")
        .bind(1, m_variant)
        .bind(2, header.generation)
        .bind(3, header.format)
        .bind(4, header.tool_version)
        .bind(5, header.schema_version)
        .bind(6, header.settings)
        .bind(7, header.bytes)
        .bind(8, header.chunks)
        .bind(9, header.created)
        .run();
    m_savepoint.release();
}

// ---- reader ------------------------------------------------------------------------------

network_cache_reader::network_cache_reader(project& p, int variant, network_cache_header header)
    : m_header(std::move(header)),
      m_label(fmt::format("{}: the compiled network (variant {})", p.path().string(), variant)),
      m_select(p.db().prepare("SELECT seq, checksum, data FROM network_cache_chunks WHERE "
                              "variant = ? ORDER BY seq")) {
    m_select.bind(1, variant);
    m_decompressor = make_decompressor();
    if (!m_decompressor)
        throw std::bad_alloc();
}

network_cache_reader::~network_cache_reader() = default;

void network_cache_reader::next_chunk() {
    if (!m_select.step()) {
        throw data_error(
            fmt::format("{}: chunk {} of {} is missing", m_label, m_next_seq, m_header.chunks));
    }
    const auto seq = m_select.get_int(0);
    const auto data = m_select.get_blob_view(2);
    if (seq != m_next_seq || checksum_of(data) != m_select.get_text(1)) {
        throw data_error(
            fmt::format("{}: chunk {} is damaged (checksum or order)", m_label, m_next_seq));
    }
    // Checked above, so only bytes this program wrote are decompressed; the size is still
    // bounded before anything is allocated.
    const auto plain_size = ZSTD_getFrameContentSize(data.data(), data.size());
    if (plain_size == ZSTD_CONTENTSIZE_ERROR || plain_size == ZSTD_CONTENTSIZE_UNKNOWN ||
        plain_size == 0 || plain_size > chunk_bytes) {
        throw data_error(fmt::format("{}: chunk {} has no valid size", m_label, m_next_seq));
    }
    m_plain.resize(plain_size);
    const auto got = ZSTD_decompressDCtx(static_cast<ZSTD_DCtx*>(m_decompressor.get()),
                                         m_plain.data(), m_plain.size(), data.data(), data.size());
    if (ZSTD_isError(got) || got != plain_size) {
        throw data_error(fmt::format("{}: chunk {} does not decompress", m_label, m_next_seq));
    }
    m_chunk = m_plain;
    m_offset = 0;
    ++m_next_seq;
}

void network_cache_reader::read(void* data, std::size_t size) {
    if (static_cast<std::int64_t>(size) > remaining()) {
        throw data_error(
            fmt::format("{}: ends early ({} bytes wanted, {} left)", m_label, size, remaining()));
    }
    auto* out = static_cast<unsigned char*>(data);
    while (size > 0) {
        if (m_offset == m_chunk.size())
            next_chunk();
        const auto take = std::min(size, m_chunk.size() - m_offset);
        if (take == 0) {
            throw data_error(fmt::format("{}: chunk {} is empty", m_label, m_next_seq - 1));
        }
        std::memcpy(out, m_chunk.data() + m_offset, take);
        out += take;
        size -= take;
        m_offset += take;
        m_consumed += static_cast<std::int64_t>(take);
    }
}

void network_cache_reader::finish() {
    if (remaining() != 0 || m_offset != m_chunk.size() || m_select.step()) {
        throw data_error(fmt::format("{}: {} bytes were not read", m_label, remaining()));
    }
}

} // namespace allseason::layers
