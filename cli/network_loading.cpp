#include "cli/network_loading.hpp"

#include "cli/output.hpp"
#include "layers/project.hpp"
#include "routing/network_cache.hpp"

#include <iostream>

namespace allseason::cli {

routing::network load_network_noting(layers::project& project, bool include_proposed_roads,
                                     geometry_need need) {
    if (stderr_is_terminal() &&
        routing::compiled_network_status(project, include_proposed_roads) !=
            routing::compiled_status::current) {
        std::cerr << "building the network…\n";
    }
    routing::network_load_report report;
    auto net = routing::load_network(project, include_proposed_roads, &report,
                                     need == geometry_need::with_geometry);
    for (const auto& note : report.notes) std::cerr << "note: " << note << '\n';
    return net;
}

} // namespace allseason::cli
