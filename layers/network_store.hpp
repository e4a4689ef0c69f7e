#pragma once
// The compiled network's storage (issue 12): the noded network a command builds is kept in the
// project, as a byte stream in checksummed chunks, and reused until something it was built
// from changes. What the bytes mean is routing's business (routing/network_cache.cpp); this
// file keeps them safe and knows when they are current.
//
// Current means: the same generation of the inputs, the same format, tool and schema version,
// and the same network settings. The generation is the project's own bookkeeping — triggers on
// every input table (roads, fords, bridges, villages, facilities, households, hazard_zones,
// projects, scenarios, vehicles) count each row written by anyone, QGIS included; the bulk
// writer (layer_writer) sets the triggers aside and counts its whole import once. File times
// are never consulted.
#include "geo/sqlite.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace allseason::layers {

class project;

// The tables the compiled network is made from (those with counting triggers).
const std::vector<std::string>& network_input_tables();

// Creates the bookkeeping tables and any missing trigger of an existing input table. Idempotent;
// runs inside the caller's transaction. Counts a change when it had to add a trigger (rows
// written while it was missing went uncounted).
void ensure_network_bookkeeping(geo::database& db);

// Counts one change of the inputs (a bulk write whose row triggers were set aside).
void count_network_change(geo::database& db);

// The inputs' generation; nullopt when the bookkeeping is missing or incomplete (a table
// dropped and made again by another tool loses its triggers), so that nothing stored is
// trusted.
std::optional<std::int64_t> network_generation(geo::database& db);

struct network_cache_header {
    std::int64_t generation = 0;
    std::int64_t format = 0; // the byte layout's version (routing's)
    std::string tool_version;
    int schema_version = 0;
    std::string settings; // the network settings it was built with, as text
    std::int64_t bytes = 0;
    std::int64_t chunks = 0;
    std::string created; // ISO 8601 UTC
};

// The stored header of one variant (0: today's network, 1: with proposed roads); nullopt when
// there is none.
std::optional<network_cache_header> read_network_cache_header(project& p, int variant);

// Removes every stored network (all variants).
void clear_network_cache(geo::database& db);

// Streams a compiled network into the project, in place of the variant's stored one (freed
// first, in a transaction of its own). Nothing new is visible until commit(); destroyed
// uncommitted (an exception, a kill), the savepoint rolls back and the previous state stays.
class network_cache_writer {
public:
    network_cache_writer(project& p, int variant);
    ~network_cache_writer();
    network_cache_writer(const network_cache_writer&) = delete;
    network_cache_writer& operator=(const network_cache_writer&) = delete;

    void write(const void* data, std::size_t size);
    // Stores the last chunk and the header (bytes, chunks and created are filled in here).
    void commit(network_cache_header header);

private:
    void flush();

    geo::database* m_db;
    int m_variant;
    geo::savepoint m_savepoint;
    geo::statement m_insert;
    std::vector<unsigned char> m_buffer;
    std::vector<unsigned char> m_packed; // m_buffer compressed
    std::shared_ptr<void> m_compressor;  // a ZSTD_CCtx, reused for every chunk
    std::int64_t m_bytes = 0;
    std::int64_t m_chunks = 0;
};

// Reads a stored network back chunk by chunk; every chunk's checksum is verified before any of
// its bytes are handed out, so damaged bytes are never parsed. Throws data_error naming the
// chunk when one is damaged, missing or short.
class network_cache_reader {
public:
    network_cache_reader(project& p, int variant, network_cache_header header);
    ~network_cache_reader();
    network_cache_reader(const network_cache_reader&) = delete;
    network_cache_reader& operator=(const network_cache_reader&) = delete;

    const network_cache_header& header() const { return m_header; }
    void read(void* data, std::size_t size);
    // Bytes not read yet: lengths read from the stream are checked against it.
    std::int64_t remaining() const { return m_header.bytes - m_consumed; }
    // Throws unless every byte was read.
    void finish();

private:
    void next_chunk();

    network_cache_header m_header;
    std::string m_label; // for messages
    geo::statement m_select;
    std::vector<unsigned char> m_plain;   // the current chunk, decompressed
    std::shared_ptr<void> m_decompressor; // a ZSTD_DCtx
    std::span<const unsigned char> m_chunk;
    std::size_t m_offset = 0;
    std::int64_t m_consumed = 0;
    std::int64_t m_next_seq = 0;
};

} // namespace allseason::layers
