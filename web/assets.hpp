#pragma once
// The files the web map serves (Leaflet, our script and style), embedded at build time.
#include <string_view>
#include <vector>

namespace allseason::web {

struct asset {
    std::string_view url; // "/static/app.js"
    std::string_view bytes;
};

const std::vector<asset>& assets();

} // namespace allseason::web
