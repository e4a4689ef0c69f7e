#include "importers/vocabulary.hpp"

#include "geo/text.hpp"
#include "layers/schema.hpp"

#include <fmt/format.h>
#include <map>
#include <stdexcept>
#include <unordered_map>

namespace allseason::importers {

namespace {

struct synonym_entry {
    std::string_view layer;
    std::string_view column;
    std::string_view word; // the stored (English) word
    std::vector<std::string_view> synonyms;
};

// THE table. Words are written as planners write them; matching folds case, accents, đ and
// the separators space/_/-. Abbreviations are the ones of Vietnamese road and planning
// documents (QL quốc lộ, ĐT đường tỉnh, ĐH đường huyện, BTXM bê tông xi măng, TYT trạm y tế...).
const std::vector<synonym_entry>& table() {
    // clang-format off
    static const std::vector<synonym_entry> entries = {
        // roads.class — the rural road classes of the commune plan (Nông thôn mới criterion 2)
        {"roads", "class", "national",
         {"quốc lộ", "QL", "đường quốc lộ", "cao tốc", "đường cao tốc", "national road"}},
        {"roads", "class", "provincial",
         {"tỉnh lộ", "TL", "đường tỉnh", "ĐT", "đường tỉnh lộ", "provincial road"}},
        {"roads", "class", "inter_commune",
         {"liên xã", "đường liên xã", "huyện lộ", "đường huyện", "ĐH", "HL", "district road",
          "inter-commune"}},
        {"roads", "class", "commune_axis",
         {"trục xã", "đường trục xã", "đường xã", "ĐX", "trục chính xã", "commune road"}},
        {"roads", "class", "village_axis",
         {"trục thôn", "đường trục thôn", "đường thôn", "liên thôn", "đường liên thôn",
          "trục bản", "đường bản", "liên bản", "đường làng", "trục xóm", "đường xóm",
          "village road"}},
        {"roads", "class", "alley",
         {"ngõ", "ngõ xóm", "đường ngõ xóm", "ngách", "hẻm", "kiệt", "lane"}},
        {"roads", "class", "field",
         {"nội đồng", "đường nội đồng", "trục chính nội đồng", "đường ra đồng", "đồng ruộng",
          "field road"}},
        {"roads", "class", "track",
         {"đường mòn", "lối mòn", "mòn", "đường lâm nghiệp", "path"}},
        // roads.surface
        {"roads", "surface", "asphalt",
         {"nhựa", "đường nhựa", "mặt nhựa", "bê tông nhựa", "BTN", "láng nhựa", "thảm nhựa",
          "rải nhựa", "nhựa hóa", "bitumen", "paved"}},
        {"roads", "surface", "concrete",
         {"bê tông", "bê tông xi măng", "BTXM", "BT", "xi măng", "bê tông hóa", "đường bê tông",
          "lát gạch", "gạch", "cement"}},
        {"roads", "surface", "gravel",
         {"cấp phối", "đường cấp phối", "cấp phối đồi", "cấp phối đá dăm", "CPĐD", "đá dăm",
          "đá", "sỏi", "sỏi đỏ", "sỏi cuội", "macadam"}},
        {"roads", "surface", "earth",
         {"đất", "đường đất", "nền đất", "mặt đất", "đất đỏ", "dirt", "unpaved", "ground"}},
        // roads.condition
        {"roads", "condition", "good", {"tốt", "còn tốt"}},
        {"roads", "condition", "fair", {"trung bình", "TB", "khá", "bình thường"}},
        {"roads", "condition", "poor", {"kém", "xấu", "xuống cấp"}},
        {"roads", "condition", "bad",
         {"rất kém", "rất xấu", "hỏng", "hư hỏng", "hư hỏng nặng", "hỏng nặng"}},
        // facilities.kind
        {"facilities", "kind", "commune_centre",
         {"trung tâm xã", "UBND xã", "UBND", "ủy ban nhân dân xã", "ủy ban xã", "trụ sở xã",
          "trụ sở UBND xã", "commune center", "commune_center"}},
        {"facilities", "kind", "health_station",
         {"trạm y tế", "trạm y tế xã", "TYT", "y tế", "trạm xá", "health centre",
          "health center"}},
        {"facilities", "kind", "kindergarten",
         {"mầm non", "trường mầm non", "mẫu giáo", "trường mẫu giáo", "nhà trẻ", "MN"}},
        {"facilities", "kind", "primary_school",
         {"tiểu học", "trường tiểu học", "TH", "cấp 1", "cấp I", "primary"}},
        {"facilities", "kind", "secondary_school",
         {"trung học cơ sở", "trường trung học cơ sở", "THCS", "trường THCS", "cấp 2", "cấp II",
          "trung học phổ thông", "THPT", "trường THPT", "cấp 3", "cấp III", "secondary"}},
        {"facilities", "kind", "culture_house",
         {"nhà văn hóa", "nhà văn hóa thôn", "nhà văn hóa bản", "NVH", "nhà sinh hoạt cộng đồng",
          "hội trường thôn", "community house"}},
        {"facilities", "kind", "market", {"chợ", "chợ xã", "chợ phiên"}},
        {"facilities", "kind", "water_station",
         {"trạm cấp nước", "cấp nước", "trạm nước", "nhà máy nước", "công trình cấp nước",
          "nước sạch"}},
        // households.poverty
        {"households", "poverty", "none",
         {"không", "không nghèo", "bình thường", "ko", "no", "0"}},
        {"households", "poverty", "near_poor", {"cận nghèo", "hộ cận nghèo", "CN", "near poor"}},
        {"households", "poverty", "poor", {"nghèo", "hộ nghèo", "HN"}},
        // forest_parcels.use
        {"forest_parcels", "use", "production", {"sản xuất", "rừng sản xuất", "RSX", "SX"}},
        {"forest_parcels", "use", "protection", {"phòng hộ", "rừng phòng hộ", "RPH", "PH"}},
        {"forest_parcels", "use", "special_use", {"đặc dụng", "rừng đặc dụng", "RĐD", "ĐD"}},
        // reserve_zones.zone
        {"reserve_zones", "zone", "core",
         {"vùng lõi", "lõi", "phân khu bảo vệ nghiêm ngặt", "bảo vệ nghiêm ngặt"}},
        {"reserve_zones", "zone", "buffer", {"vùng đệm", "đệm"}},
        // hazard_zones.kind
        {"hazard_zones", "kind", "flood",
         {"lũ", "lụt", "lũ lụt", "ngập", "ngập lụt", "ngập úng", "lũ quét", "vùng ngập"}},
        {"hazard_zones", "kind", "landslide",
         {"sạt lở", "sạt lở đất", "sạt", "lở đất", "trượt lở", "trượt đất"}},
        // roads.structure
        {"roads", "structure", "bridge", {"cầu", "trên cầu"}},
        {"roads", "structure", "tunnel", {"hầm", "đường hầm"}},
        // hazard_zones.source
        {"hazard_zones", "source", "surveyed", {"khảo sát", "điều tra", "đo đạc"}},
        {"hazard_zones", "source", "terrain", {"địa hình", "mô hình số độ cao", "DEM"}},
        // waterways.kind
        {"waterways", "kind", "river", {"sông", "dòng sông"}},
        {"waterways", "kind", "stream", {"suối", "khe", "ngòi", "lạch", "kênh", "mương"}},
        // projects.kind
        {"projects", "kind", "bridge",
         {"cầu", "xây cầu", "làm cầu", "cầu dân sinh", "cầu thay ngầm", "xây cầu thay ngầm"}},
        {"projects", "kind", "road_new",
         {"đường mới", "làm đường mới", "mở mới", "mở đường", "xây mới", "new road"}},
        {"projects", "kind", "road_upgrade",
         {"nâng cấp", "nâng cấp đường", "cứng hóa", "bê tông hóa", "nhựa hóa", "cải tạo",
          "nâng cấp mở rộng", "upgrade"}},
        // projects.status
        {"projects", "status", "proposed", {"đề xuất", "dự kiến", "kế hoạch", "chưa làm"}},
        {"projects", "status", "approved",
         {"phê duyệt", "đã phê duyệt", "được duyệt", "đã duyệt"}},
        {"projects", "status", "building",
         {"đang thi công", "thi công", "đang xây dựng", "đang làm", "under construction"}},
        {"projects", "status", "done",
         {"hoàn thành", "đã hoàn thành", "xong", "đã xong", "đưa vào sử dụng", "completed"}},
    };
    // clang-format on
    return entries;
}

const std::vector<std::string_view> true_words = {"1", "true", "t",   "yes",    "y", "có",
                                                  "x", "đúng", "rồi", "đã cấp", "on"};
const std::vector<std::string_view> false_words = {"0",  "false", "f",    "no",       "n",  "không",
                                                   "ko", "sai",   "chưa", "chưa cấp", "off"};

using word_index = std::unordered_map<std::string, std::string_view>;

// What planners call each layer, in the words of Vietnamese commune files and plans.
const std::vector<std::pair<std::string_view, std::vector<std::string_view>>> layer_words = {
    {"villages", {"thôn", "bản", "thôn bản", "làng", "xóm", "ranh giới thôn"}},
    {"roads", {"đường", "đường giao thông", "giao thông", "tuyến đường"}},
    {"fords", {"ngầm", "ngầm tràn", "tràn", "đường tràn"}},
    {"bridges", {"cầu", "cầu treo", "cầu dân sinh"}},
    {"facilities", {"công trình công cộng", "thiết chế", "cơ sở hạ tầng"}},
    {"households", {"hộ", "hộ gia đình", "nhà"}},
    {"forest_parcels", {"rừng", "lô rừng", "thửa rừng"}},
    {"reserve_zones", {"khu bảo tồn", "bảo tồn"}},
    {"hazard_zones", {"thiên tai", "vùng thiên tai", "vùng nguy cơ", "sạt lở", "ngập lụt"}},
    {"waterways", {"sông suối", "sông", "suối"}},
    {"boundary", {"ranh giới xã", "địa giới", "địa giới hành chính", "ranh giới hành chính"}},
    {"projects", {"dự án", "công trình", "danh mục dự án"}},
};

std::string key_of(std::string_view layer, std::string_view column) {
    return fmt::format("{}.{}", layer, column);
}

const layers::column_spec& enumeration(std::string_view layer, std::string_view column) {
    const auto* spec = layers::find_layer(layer);
    const auto* c = spec ? layers::find_column(*spec, column) : nullptr;
    if (!c || c->allowed.empty()) {
        throw std::logic_error(fmt::format("{}.{} is not an enumeration", layer, column));
    }
    return *c;
}

void add(word_index& index, std::string_view spelling, std::string_view word,
         std::string_view where) {
    auto [it, inserted] = index.emplace(geo::fold_for_match(spelling), word);
    if (!inserted && it->second != word) {
        throw std::logic_error(fmt::format("vocabulary {}: \"{}\" means both {} and {}", where,
                                           spelling, it->second, word));
    }
}

} // namespace

std::optional<std::string_view> match_layer_name(std::string_view name) {
    const std::string key = geo::fold_for_match(name);
    for (const auto& [layer, words] : layer_words) {
        if (geo::fold_for_match(layer) == key) {
            return layer;
        }
        for (auto word : words) {
            if (geo::fold_for_match(word) == key) {
                return layer;
            }
        }
    }
    return std::nullopt;
}

namespace {

// Built once: for each enumeration, folded spelling → stored word.
const std::map<std::string, word_index>& indexes() {
    static const std::map<std::string, word_index> built = [] {
        std::map<std::string, word_index> result;
        for (const auto& spec : layers::source_layers()) {
            for (const auto& c : spec.columns) {
                if (c.allowed.empty()) {
                    continue;
                }
                auto& index = result[key_of(spec.name, c.name)];
                for (auto word : c.allowed) {
                    add(index, word, word, key_of(spec.name, c.name));
                }
            }
        }
        for (const auto& e : table()) {
            const auto& c = enumeration(e.layer, e.column);
            bool known = false;
            for (auto word : c.allowed) {
                known = known || word == e.word;
            }
            if (!known) {
                throw std::logic_error(fmt::format("vocabulary: {} is not a word of {}.{}", e.word,
                                                   e.layer, e.column));
            }
            auto& index = result[key_of(e.layer, e.column)];
            for (auto s : e.synonyms) {
                add(index, s, e.word, key_of(e.layer, e.column));
            }
        }
        return result;
    }();
    return built;
}

} // namespace

std::optional<std::string_view> match_word(std::string_view layer, std::string_view column,
                                           std::string_view value) {
    const auto& all = indexes();
    const auto found = all.find(key_of(layer, column));
    if (found == all.end()) {
        throw std::logic_error(fmt::format("{}.{} is not an enumeration", layer, column));
    }
    const auto hit = found->second.find(geo::fold_for_match(value));
    if (hit == found->second.end()) {
        return std::nullopt;
    }
    return hit->second;
}

std::optional<bool> match_boolean(std::string_view value) {
    static const word_index index = [] {
        word_index result;
        for (auto w : true_words) {
            add(result, w, "1", "boolean");
        }
        for (auto w : false_words) {
            add(result, w, "0", "boolean");
        }
        return result;
    }();
    const auto hit = index.find(geo::fold_for_match(value));
    if (hit == index.end()) {
        return std::nullopt;
    }
    return hit->second == "1";
}

std::vector<std::string_view> synonyms(std::string_view layer, std::string_view column,
                                       std::string_view word) {
    std::vector<std::string_view> result;
    for (const auto& e : table()) {
        if (e.layer == layer && e.column == column && e.word == word) {
            result.insert(result.end(), e.synonyms.begin(), e.synonyms.end());
        }
    }
    return result;
}

std::string accepted_values(std::string_view layer, std::string_view column) {
    std::string text;
    for (auto word : enumeration(layer, column).allowed) {
        text += text.empty() ? "" : "; ";
        text += word;
        const auto words = synonyms(layer, column, word);
        if (!words.empty()) {
            text += " (";
            for (size_t i = 0; i < words.size(); ++i) {
                text += (i ? ", " : "") + std::string(words[i]);
            }
            text += ")";
        }
    }
    return text;
}

std::string accepted_booleans() {
    std::string text = "true (";
    for (size_t i = 0; i < true_words.size(); ++i) {
        text += (i ? ", " : "") + std::string(true_words[i]);
    }
    text += "); false (";
    for (size_t i = 0; i < false_words.size(); ++i) {
        text += (i ? ", " : "") + std::string(false_words[i]);
    }
    return text + ")";
}

} // namespace allseason::importers
