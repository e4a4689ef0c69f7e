// Every string of the indicators in both languages, in one table, so a missing translation
// shows as a gap in one row rather than somewhere in the code.
#include "layers/indicators.hpp"

#include <array>
#include <fmt/format.h>

namespace allseason::layers {

namespace {

struct text_row {
    std::string_view id;
    std::string_view en;
    std::string_view vi;
};

constexpr std::array texts{
    // Indicator labels.
    text_row{"road_commune_hardened",
             "Commune-axis and inter-commune roads hardened (asphalt/concrete)",
             "Đường trục xã, liên xã được cứng hóa (nhựa/bê tông)"},
    text_row{"road_village_hardened", "Village-axis roads hardened (asphalt/concrete)",
             "Đường trục thôn được cứng hóa (nhựa/bê tông)"},
    text_row{"households_all_season_access",
             "Households with all-season access to the commune centre",
             "Hộ đi lại được quanh năm tới trung tâm xã"},
    text_row{
        "rural_access_index", "Rural Access Index (people within 2 km of an all-season road)",
        "Chỉ số tiếp cận nông thôn (người dân trong phạm vi 2 km tới đường đi được quanh năm)"},
    text_row{"villages_culture_house", "Villages with a culture house", "Thôn có nhà văn hóa"},
    text_row{"schools_standard_1", "Schools at national standard level 1 or 2",
             "Trường đạt chuẩn quốc gia mức độ 1 trở lên"},
    text_row{"schools_standard_2", "Schools at national standard level 2",
             "Trường đạt chuẩn quốc gia mức độ 2"},
    text_row{"households_in_reserve_core", "Households inside a reserve core zone",
             "Hộ sống trong vùng lõi khu bảo tồn"},
    text_row{"forest_certificate", "Forest parcels with a land-use certificate",
             "Lô rừng được cấp giấy chứng nhận quyền sử dụng đất"},
    text_row{"poor_near_poor_share", "Poor and near-poor households",
             "Tỷ lệ hộ nghèo và cận nghèo"},
    text_row{"health_station_beds", "Health-station beds", "Số giường bệnh trạm y tế"},
    // Notes: why a value is missing.
    text_row{"note_no_roads_of_class", "no roads of these classes in the roads layer",
             "lớp đường không có đường thuộc các cấp này"},
    text_row{"note_no_access_answer",
             "no routing answer for the rainy scenario: run allseason cutoff first",
             "chưa có kết quả phân tích mùa mưa: hãy chạy allseason cutoff trước"},
    text_row{"note_no_households", "no households in the villages layer",
             "lớp thôn không có số hộ"},
    text_row{"note_no_population", "no population or households to count",
             "không có số dân hoặc số hộ để tính"},
    text_row{"note_no_villages", "the villages layer is empty", "lớp thôn trống"},
    text_row{"note_villages_households_unknown",
             "{} village(s) of unknown households left out of the count",
             "{} thôn chưa có số hộ, không tính vào"},
    text_row{"note_no_schools", "no schools in the facilities layer",
             "lớp công trình không có trường học"},
    text_row{"note_no_core_zone", "no core zone in the reserve_zones layer",
             "lớp khu bảo tồn không có vùng lõi"},
    text_row{"note_no_forest_parcels", "the forest_parcels layer is empty", "lớp lô rừng trống"},
    text_row{"note_no_health_station", "no health station in the facilities layer",
             "lớp công trình không có trạm y tế"},
    text_row{"note_no_beds_recorded", "the health station's beds are not recorded",
             "chưa ghi số giường của trạm y tế"},
    // Table headings and words.
    text_row{"heading_indicator", "indicator", "chỉ tiêu"},
    text_row{"heading_value", "value", "giá trị"},
    text_row{"heading_target", "target", "mục tiêu"},
    text_row{"heading_met", "met", "đạt"},
    text_row{"heading_basis", "from", "số liệu"},
    text_row{"word_yes", "yes", "đạt"},
    text_row{"word_no", "no", "chưa đạt"},
    text_row{"word_unknown", "—", "—"},
    text_row{"word_no_data", "no data", "không có số liệu"},
    text_row{"unit_households", "households", "hộ"},
    text_row{"unit_beds", "beds", "giường"},
};

} // namespace

std::string indicator_text(std::string_view id, text_language lang) {
    for (const auto& row : texts) {
        if (row.id == id) {
            return std::string(lang == text_language::vi ? row.vi : row.en);
        }
    }
    return std::string(id);
}

std::string indicator_note(const indicator& ind, text_language lang) {
    std::string out = ind.note_id.empty() ? std::string() : indicator_text(ind.note_id, lang);
    if (ind.villages_households_unknown > 0) {
        const auto unknown =
            fmt::format(fmt::runtime(indicator_text("note_villages_households_unknown", lang)),
                        ind.villages_households_unknown);
        out += (out.empty() ? "" : "; ") + unknown;
    }
    return out;
}

std::vector<std::string> indicator_text_ids() {
    std::vector<std::string> ids;
    for (const auto& row : texts) {
        ids.emplace_back(row.id);
    }
    return ids;
}

} // namespace allseason::layers
