#pragma once
// The compiled network (issue 12): load_network answers from the network stored in the project
// when it is current, and otherwise builds it from the layers and stores it for the next
// command (layers/network_store.hpp says what current means and keeps the bytes safe).
// A stored network that is damaged, or from another format, tool or schema version, is never
// trusted: it is rebuilt, with a note.
//
// ALLSEASON_NETWORK_CACHE=off in the environment builds from the layers every time and stores
// nothing — for comparing answers with and without the compiled network.
#include "routing/network.hpp"

#include <string>
#include <vector>

namespace allseason::layers {
class project;
}

namespace allseason::routing {

enum class network_origin {
    compiled,         // read from the project
    built_and_stored, // built from the layers and stored
    built             // built from the layers only (read-only project, or the cache off)
};

struct network_load_report {
    network_origin origin = network_origin::built;
    std::vector<std::string> notes; // why a stored network was not used or not stored
};

enum class compiled_status {
    current, // the next command reads it
    stale,   // something it was built from changed: rebuilt on next use
    absent   // never built (or the bookkeeping is missing)
};

// The state of the stored network (today's, or the one with proposed roads that `rank` uses),
// for `info`.
compiled_status compiled_network_status(layers::project& project,
                                        bool include_proposed_roads = false);
std::string_view to_string(compiled_status status);

// The serialised form, exposed for tests: write then read gives an equal network.
void save_network(const network& net, layers::project& project, int variant);

} // namespace allseason::routing
