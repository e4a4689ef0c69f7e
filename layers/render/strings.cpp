#include "layers/render/strings.hpp"

#include "geo/errors.hpp"

#include <array>
#include <cmath>
#include <fmt/format.h>
#include <stdexcept>

namespace allseason::render {

namespace {

// Keys are "<area>.<name>"; enumeration words are "<enumeration>.<word>" (see tr_word).
constexpr std::array texts = std::to_array<text_entry>({
    // Enumeration words
    {"road_class.national", "Quốc lộ", "National road"},
    {"road_class.provincial", "Tỉnh lộ", "Provincial road"},
    {"road_class.inter_commune", "Đường liên xã", "Inter-commune road"},
    {"road_class.commune_axis", "Đường trục xã", "Commune axis road"},
    {"road_class.village_axis", "Đường trục thôn", "Village axis road"},
    {"road_class.alley", "Đường ngõ xóm", "Alley"},
    {"road_class.field", "Đường nội đồng", "Field road"},
    {"road_class.track", "Đường mòn", "Track"},
    {"vehicle.motorbike", "xe máy", "motorbike"},
    {"vehicle.car", "ô tô", "car"},
    {"vehicle.truck", "xe tải", "truck"},
    {"surface.asphalt", "nhựa", "asphalt"},
    {"surface.concrete", "bê tông", "concrete"},
    {"surface.gravel", "cấp phối", "gravel"},
    {"surface.earth", "đất", "earth"},
    {"facility_kind.commune_centre", "Trụ sở UBND xã", "Commune centre"},
    {"facility_kind.health_station", "Trạm y tế", "Health station"},
    {"facility_kind.kindergarten", "Trường mầm non", "Kindergarten"},
    {"facility_kind.primary_school", "Trường tiểu học", "Primary school"},
    {"facility_kind.secondary_school", "Trường THCS", "Secondary school"},
    {"facility_kind.culture_house", "Nhà văn hoá thôn", "Village culture house"},
    {"facility_kind.market", "Chợ", "Market"},
    {"facility_kind.water_station", "Trạm cấp nước", "Water station"},
    {"destination.commune_centre", "trụ sở UBND xã", "the commune centre"},
    {"destination.health_station", "trạm y tế", "a health station"},
    {"destination.primary_school", "trường tiểu học", "a primary school"},
    {"destination.secondary_school", "trường THCS", "a secondary school"},
    {"destination.market", "chợ", "a market"},
    {"destination.highway", "quốc lộ", "a national road"},
    {"scenario.dry", "mùa khô", "dry season"},
    {"scenario.rainy", "mùa mưa", "rainy season"},
    {"project_kind.bridge", "Cầu", "Bridge"},
    {"project_kind.road_new", "Làm đường mới", "New road"},
    {"project_kind.road_upgrade", "Cứng hoá đường", "Road hardening"},
    {"project_status.proposed", "đề xuất", "proposed"},
    {"project_status.approved", "đã duyệt", "approved"},
    {"project_status.building", "đang thi công", "under construction"},
    {"project_status.done", "hoàn thành", "done"},
    {"layer.fords", "Ngầm tràn", "Ford"},
    {"layer.bridges", "Cầu", "Bridge"},
    {"layer.roads", "Đường", "Road"},
    {"layer.villages", "Thôn", "Village"},

    // The map
    {"map.title", "Bản đồ giao thông tiếp cận quanh năm — {}", "All-season road access — {}"},
    {"map.subtitle", "Kịch bản: {} · Điểm đến: {}", "Scenario: {} · Destination: {}"},
    {"map.date", "Lập ngày {}", "Made on {}"},
    {"map.sources", "Nguồn dữ liệu: {}", "Data sources: {}"},
    {"map.sources_none", "Nguồn dữ liệu: tệp dự án {}", "Data sources: project file {}"},
    {"map.crs", "Hệ toạ độ: {}", "Coordinate system: {}"},
    {"map.made_with", "Lập bằng allseason {}", "Made with allseason {}"},
    {"map.scale", "Tỷ lệ 1:{}", "Scale 1:{}"},
    {"map.north", "B", "N"},
    {"map.no_results", "Chưa có kết quả phân tích cho kịch bản này: chạy allseason cutoff",
     "No analysis results for this scenario yet: run allseason cutoff"},
    {"legend.title", "Chú giải", "Legend"},
    {"legend.villages", "Thôn, bản", "Villages"},
    {"legend.isolation_days", "Số ngày bị cô lập mỗi năm", "Days isolated a year"},
    {"isolation.class0", "Không tính (không có đường kể cả mùa khô)",
     "Not counted (no route even when dry)"},
    {"isolation.class1", "Đi lại quanh năm (0 ngày)", "Open all year (0 days)"},
    {"isolation.class2", "1–15 ngày", "1–15 days"},
    {"isolation.class3", "16–45 ngày", "16–45 days"},
    {"isolation.class4", "46–90 ngày", "46–90 days"},
    {"isolation.class5", "Trên 90 ngày", "More than 90 days"},
    {"legend.roads", "Đường theo cấp và mặt đường", "Roads by class and surface"},
    {"legend.crossings", "Ngầm tràn, cầu", "Fords and bridges"},
    {"legend.other", "Khác", "Other"},
    {"legend.facilities", "Công trình công cộng", "Public facilities"},
    {"legend.main_road", "Quốc lộ, tỉnh lộ", "National, provincial road"},
    {"legend.commune_road", "Đường liên xã, trục xã", "Inter-commune, commune axis road"},
    {"legend.village_road", "Đường thôn, ngõ, nội đồng", "Village, alley, field road"},
    {"legend.track", "Đường mòn", "Track"},
    {"legend.surface", "Mặt đường {}", "{} surface"},
    {"legend.closed", "Đoạn không đi được trong kịch bản", "Closed in this scenario"},
    {"legend.ford_open", "Ngầm tràn đi được", "Ford, passable"},
    {"legend.ford_closed", "Ngầm tràn ngập sâu hơn {} m", "Ford flooded deeper than {} m"},
    {"legend.ford_unknown", "Ngầm, chưa đo độ sâu", "Ford, depth not measured"},
    {"legend.bridge", "Cầu cho xe", "Vehicle bridge"},
    {"legend.footbridge", "Cầu dân sinh (chỉ người đi bộ)", "Footbridge"},
    {"legend.project", "Công trình đề xuất, số thứ tự ưu tiên", "Candidate project, priority rank"},
    {"legend.project_unranked", "Công trình đề xuất (chưa xếp hạng)",
     "Candidate project (not ranked yet)"},
    {"legend.reserve_core", "Vùng lõi khu bảo tồn", "Nature reserve core zone"},
    {"legend.reserve_buffer", "Vùng đệm khu bảo tồn", "Nature reserve buffer zone"},
    {"legend.hazard", "Vùng nguy cơ ngập, sạt lở", "Flood or landslide hazard zone"},
    {"legend.hazard_terrain", "Vùng nguy cơ ước tính từ địa hình (DEM)",
     "Hazard zone estimated from the terrain (DEM)"},
    {"legend.waterway", "Sông, suối", "River, stream"},
    {"status.reachable", "Đi đến được", "Reachable"},
    {"status.cut_off", "Bị chia cắt trong kịch bản", "Cut off in this scenario"},
    {"status.unreachable_dry", "Không đến được cả mùa khô", "Not reachable even when dry"},
    {"status.no_road_access", "Không có đường trong {} km", "No road within {} km"},
    {"status.unknown", "Chưa phân tích", "Not analysed"},
    {"label.cut_off_households", "{} hộ bị chia cắt", "{} households cut off"},
    {"label.no_road", "không có đường", "no road"},
    {"label.households_unknown", "chưa rõ số hộ", "households unknown"},
    {"label.cut_off_unknown", "bị chia cắt, chưa rõ số hộ", "cut off, households unknown"},
    {"legend.village_point", "Thôn (điểm), cỡ theo số hộ", "Village (point), sized by households"},
    {"legend.village_point_unknown", "Thôn chưa rõ số hộ", "Village of unknown households"},
    {"panel.households_unknown", "{} thôn chưa có số hộ", "{} villages of unknown households"},
    {"report.households_unknown",
     "{} thôn chưa có số hộ: {}. Các thôn này vẫn được phân tích chia cắt nhưng chưa được tính vào "
     "tổng số hộ.",
     "{} villages have no household count yet: {}. They are analysed for cut-off but not counted "
     "in the household totals."},
    {"value.unknown", "chưa rõ", "unknown"},
    {"panel.villages_cut_off", "{} / {} thôn bị chia cắt", "{} of {} villages cut off"},
    {"panel.households_cut_off", "{} / {} hộ bị chia cắt", "{} of {} households cut off"},
    {"panel.households_without_road", "{} hộ không có đường", "{} households without a road"},
    {"panel.priorities", "Công trình ưu tiên", "Priority projects"},
    {"panel.priority_line", "{} hộ · {} tỷ đ", "{} households · VND {} bn"},
    {"panel.needs", " · cần cùng {}", " · needs {}"},
    {"panel.more_projects", "… và {} công trình khác", "… and {} more projects"},

    // The report
    {"report.title", "Báo cáo giao thông tiếp cận quanh năm — {}",
     "All-season road access report — {}"},
    {"report.kicker", "Quy hoạch giao thông nông thôn", "Rural road planning"},
    {"report.meta", "Lập ngày {} · Hệ toạ độ {} · Tệp dự án {}",
     "Made on {} · Coordinate system {} · Project file {}"},
    {"report.footer",
     "Lập bằng allseason {} ngày {}. Số liệu lấy từ tệp dự án; xem mục Phương pháp.",
     "Made with allseason {} on {}. Figures come from the project file; see Method."},
    {"report.contents", "Nội dung", "Contents"},
    {"report.summary", "Tóm tắt", "Summary"},
    {"report.map", "Bản đồ ưu tiên", "Priority map"},
    {"report.map_caption",
     "Màu thôn: tình trạng tiếp cận trong kịch bản; số trong vòng tròn tím: thứ tự ưu tiên công "
     "trình.",
     "Village colour: access in the scenario; numbers in purple circles: project priority rank."},
    {"report.map_absent", "Không có thôn hay đường nào để vẽ bản đồ.",
     "There are no villages or roads to map."},
    {"report.cutoff", "Các thôn bị chia cắt", "Cut-off villages"},
    {"report.ranking", "Xếp hạng công trình và danh mục đầu tư", "Project ranking and portfolio"},
    {"report.critical", "Điểm xung yếu cần bảo vệ", "Critical elements to protect"},
    {"report.indicators", "Chỉ tiêu so với mục tiêu", "Indicators against targets"},
    {"report.problems", "Vấn đề dữ liệu", "Data problems"},
    {"report.method", "Phương pháp và giả định", "Method and assumptions"},
    {"report.lead", "Trong {}, {} trên {} thôn ({} trên {} hộ) mất đường đi lại quanh năm đến {}.",
     "In the {}, {} of {} villages ({} of {} households) lose all-season access to {}."},
    {"report.no_cutoff",
     "Chưa có kết quả phân tích chia cắt cho kịch bản \"{}\" và điểm đến \"{}\": chạy allseason "
     "cutoff.",
     "No cut-off results for scenario \"{}\" and destination \"{}\" yet: run allseason cutoff."},
    {"report.card_villages", "Thôn, bản", "Villages"},
    {"report.card_households", "{} hộ", "{} households"},
    {"report.card_cut_off", "Thôn bị chia cắt", "Villages cut off"},
    {"report.of", "{} / {}", "{} of {}"},
    {"report.card_without_road", "Hộ không có đường", "Households without a road"},
    {"report.card_within", "không có đường trong phạm vi {} km", "no road within {} km"},
    {"report.card_roads", "Đường", "Roads"},
    {"report.card_hardened", "{} % đã cứng hoá (nhựa, bê tông)",
     "{} % hardened (asphalt, concrete)"},
    {"report.card_fords", "Ngầm tràn", "Fords"},
    {"report.card_fords_closed", "{} ngầm không qua được trong {}", "{} closed in the {}"},
    {"report.depth_unknown", "chưa đo độ sâu", "depth not measured"},
    {"report.depth_estimated", "độ sâu ước tính từ địa hình", "depth estimated from the terrain"},
    {"report.ford_derived", "suy ra từ chỗ đường cắt suối, chưa khảo sát",
     "derived from a road × waterway crossing, not surveyed"},
    {"report.fords_unknown", "{} ngầm bị coi là không qua được chỉ vì chưa đo độ sâu:",
     "{} fords closed only because their depth is unknown:"},
    {"report.card_projects", "Công trình đề xuất", "Candidate projects"},
    {"report.card_cost", "tổng kinh phí {} tỷ đồng", "VND {} billion in all"},
    {"report.none_cut_off", "Không có thôn nào bị chia cắt trong kịch bản này.",
     "No village is cut off in this scenario."},
    {"report.other_villages", "Thôn không có đường đi được cả năm",
     "Villages without access all year"},
    {"report.unreachable_dry", "không đến được cả mùa khô", "not reachable even when dry"},
    {"report.no_road", "không có đường trong phạm vi đi bộ", "no road within walking distance"},
    {"report.no_ranking",
     "Chưa có xếp hạng công trình cho kịch bản \"{}\" và điểm đến \"{}\": chạy allseason rank.",
     "No project ranking for scenario \"{}\" and destination \"{}\" yet: run allseason rank."},
    {"report.ranking_intro",
     "Mỗi công trình được đánh giá riêng trên mạng đường hiện nay: số hộ đang bị chia cắt sẽ đi "
     "lại được quanh năm khi chỉ xây công trình đó.",
     "Each project is valued alone on today's network: the households now cut off that regain "
     "all-season access when only that project is built."},
    {"report.portfolio",
     "Danh mục đầu tư trong ngân sách {} tỷ đồng: {} — tổng kinh phí {} tỷ đồng.",
     "Portfolio within a budget of VND {} billion: {} — VND {} billion in all."},
    {"report.portfolio_households", "Cả danh mục giúp {} hộ đi lại được quanh năm.",
     "Together they give {} households all-season access."},
    {"report.portfolio_method", "(Phương pháp: {}.)", "(Method: {}.)"},
    {"report.needs", "chỉ có tác dụng cùng {}", "counts only with {}"},
    {"report.conflict", "nằm trong vùng lõi {}", "inside the core zone of {}"},
    {"col.notes", "Ghi chú", "Notes"},
    {"report.no_portfolio", "Chưa chọn danh mục trong ngân sách: chạy allseason rank --budget.",
     "No portfolio chosen within a budget yet: run allseason rank --budget."},
    {"report.critical_intro",
     "Các ngầm tràn, cầu và đoạn đường mà nếu hỏng riêng một chỗ thì các hộ dưới đây bị cô lập "
     "ngay cả trong mùa khô. Các đoạn của cùng một tuyến gộp thành một dòng: số hộ lớn nhất, tổng "
     "chiều dài.",
     "The fords, bridges and road segments whose failure alone isolates these households even in "
     "the dry season. The segments of one road are one row: their largest number of households, "
     "their summed length."},
    {"report.no_critical",
     "Chưa có kết quả điểm xung yếu cho điểm đến \"{}\": chạy allseason critical.",
     "No critical elements for destination \"{}\" yet: run allseason critical."},
    {"report.segments", "({} đoạn)", "({} segments)"},
    {"report.critical_more", "… và {} điểm nhỏ hơn: xem allseason critical.",
     "… and {} smaller ones: see allseason critical."},
    {"report.no_check", "Chưa kiểm tra dữ liệu: chạy allseason check.",
     "The data has not been checked: run allseason check."},
    {"report.check_clean", "Kiểm tra dữ liệu không thấy vấn đề nào.",
     "The data check found no problems."},
    {"report.indicators_failed", "Không tính được các chỉ tiêu: {}",
     "The indicators could not be computed: {}"},
    {"report.met", "Đạt", "Met"},
    {"report.not_met", "Chưa đạt", "Not met"},
    {"col.code", "Mã", "Code"},
    {"col.village", "Thôn", "Village"},
    {"col.households", "Số hộ", "Households"},
    {"col.households_cut_off", "Hộ bị chia cắt", "Households cut off"},
    {"col.ethnic_minority", "Hộ DTTS", "Ethnic minority households"},
    {"col.travel_dry", "Thời gian mùa khô (phút)", "Dry-season trip (min)"},
    {"col.blocked_by", "Bị chặn bởi", "Blocked by"},
    {"col.why", "Lý do", "Reason"},
    {"col.rank", "Hạng", "Rank"},
    {"col.project", "Công trình", "Project"},
    {"col.kind", "Loại", "Kind"},
    {"col.cost", "Kinh phí (tỷ đ)", "Cost (VND bn)"},
    {"col.unflooded", "Hộ được thông", "Households reconnected"},
    {"col.villages", "Thôn", "Villages"},
    {"col.per_billion", "Hộ / tỷ đ", "Households per VND bn"},
    {"col.portfolio", "Trong danh mục", "In portfolio"},
    {"col.element", "Loại", "Element"},
    {"col.name", "Tên", "Name"},
    {"col.length", "Chiều dài", "Length"},
    {"col.isolated", "Hộ bị cô lập", "Households isolated"},
    {"col.severity", "Mức độ", "Severity"},
    {"col.problem", "Vấn đề", "Problem"},
    {"col.layer", "Lớp", "Layer"},
    {"col.message", "Mô tả", "Message"},
    {"col.indicator", "Chỉ tiêu", "Indicator"},
    {"col.value", "Giá trị", "Value"},
    {"col.target", "Mục tiêu", "Target"},
    {"col.met", "Đánh giá", "Met?"},
    {"col.basis", "Số liệu tính", "Basis"},
    {"severity.error", "lỗi", "error"},
    {"severity.warning", "cảnh báo", "warning"},
    {"unit.households", "hộ", "households"},
    {"unit.beds", "giường", "beds"},
    {"chart.title", "Đường cong chi phí – số hộ được thông đường tích luỹ",
     "Cumulative cost–households curve"},
    {"chart.x", "Kinh phí tích luỹ (tỷ đồng)", "Cumulative cost (VND billion)"},
    {"report.risk", "Rủi ro trong năm: số ngày bị cô lập", "Risk over a year: days isolated"},
    {"report.risk_intro",
     "Số ngày mỗi năm mỗi thôn không đi được tới trụ sở xã bằng {} (mùa mưa; ngầm tràn, đường "
     "đất và vùng nguy hiểm đóng theo số ngày của chúng, tuyến tốt nhất quyết định). Hộ·ngày = "
     "số hộ × số ngày.",
     "Days a year each village cannot reach the commune centre by {} (rainy season; fords, "
     "earth roads and hazard zones close for their own days; the best route decides). "
     "Household-days = households × days."},
    {"report.risk_absent", "Chưa có số ngày cô lập: chạy `allseason risk PROJECT`.",
     "No isolation days yet: run `allseason risk PROJECT`."},
    {"report.risk_total", "Tổng: {} hộ·ngày cô lập mỗi năm; {} thôn bị cô lập ít nhất một ngày.",
     "Total: {} household-days of isolation a year; {} villages isolated at least one day."},
    {"report.risk_days", "Ngày/năm", "Days a year"},
    {"report.risk_household_days", "Hộ·ngày/năm", "Household-days a year"},
    {"report.risk_limited_by", "Giới hạn bởi", "Limited by"},
    {"report.risk_not_counted", "không có đường kể cả mùa khô", "no route even when dry"},
    {"report.risk_by_days", "Xếp hạng theo hộ·ngày tránh được, bên cạnh xếp hạng theo hộ",
     "Ranking by household-days avoided, beside the ranking by households"},
    {"report.risk_rank_days", "Hạng theo hộ·ngày", "Rank by household-days"},
    {"report.risk_rank_households", "Hạng theo hộ", "Rank by households"},
    {"report.risk_avoided", "Hộ·ngày tránh được/năm", "Household-days avoided a year"},
    {"report.risk_no_projects", "Chưa có công trình đề xuất để xếp hạng.",
     "No proposed projects to rank."},
    {"report.depth_chart", "Số hộ bị chia cắt theo độ sâu ngầm xe vượt được",
     "Households cut off against the ford depth a vehicle passes"},
    {"report.depth_x", "Độ sâu vượt được (m)", "Passable depth (m)"},
    {"report.depth_y", "Hộ bị chia cắt", "Households cut off"},
    {"report.depth_caption",
     "Mỗi đường một loại xe (mặt đường đóng theo xe; vùng nguy hiểm của mùa mưa vẫn áp dụng).",
     "One curve per vehicle (its closed surfaces; the rainy season's hazard zones still apply)."},
    {"chart.y", "Hộ được thông đường", "Households reconnected"},
    {"chart.ceiling", "{} hộ đang bị chia cắt", "{} households cut off today"},
    {"chart.caption",
     "Xây lần lượt theo thứ tự trên; số hộ tính cho cả nhóm công trình đã xây (hai ngầm trên cùng "
     "tuyến cần cả hai cầu).",
     "Built in the order above; households are counted for the whole set built so far (two fords "
     "on one route need both bridges)."},
    {"chart.caption_sum",
     "Xây lần lượt theo thứ tự trên; số hộ là tổng của từng công trình riêng lẻ, có thể lệch khi "
     "các công trình phụ thuộc nhau.",
     "Built in the order above; households are the sum of each project alone, which can differ "
     "where projects depend on each other."},
    {"method.all_season",
     "\"Đi lại được quanh năm\" ở đây nghĩa là có một tuyến đường từ thôn đến điểm đến mà mọi đoạn "
     "đều qua được trong kịch bản mùa mưa: không qua ngầm tràn bị ngập sâu, không qua đường đất và "
     "không qua vùng sạt lở, ngập lụt của kịch bản.",
     "\"All-season\" here means a route from the village to the destination whose every part stays "
     "passable in the rainy scenario: no ford flooded too deep, no earth road and no flood or "
     "landslide zone of the scenario on the way."},
    {"method.fords",
     "Trong {}, ngầm tràn ngập sâu hơn {} m bị coi là không qua được, trừ khi đã có cầu hoàn thành "
     "thay thế.",
     "In the {}, fords flooded deeper than {} m are closed unless a completed bridge replaces "
     "them."},
    {"method.fords_open", "Trong {}, mọi ngầm tràn đều qua được.",
     "In the {}, every ford is passable."},
    {"method.surfaces", "Trong {}, đường mặt {} không đi được; đường cấp phối vẫn đi được.",
     "In the {}, roads with a {} surface are closed; gravel stays open unless listed."},
    {"method.surfaces_open", "Trong {}, đường mọi loại mặt đều đi được.",
     "In the {}, roads of every surface are open."},
    {"method.hazards",
     "Các đoạn đường nằm trong vùng nguy cơ của kịch bản \"{}\" bị đóng (trừ cầu cho xe).",
     "Road parts inside the hazard zones of scenario \"{}\" are closed (vehicle bridges "
     "excepted)."},
    {"method.terrain",
     "Ngầm tràn chưa đo độ sâu được ước tính từ địa hình (mô hình số độ cao {0}, ô lưới {1} m): "
     "diện tích lưu vực A (m²) đổ về ngầm cho độ sâu ngập sơ bộ 0,01 × A^0,30 (quan hệ GFPLAIN), "
     "ví dụ 0,63 m với lưu vực 1 km²; độ sâu đo thực tế luôn được ưu tiên. Vùng ngập (kịch bản "
     "\"{2}\") là các ô có độ cao so với dòng suối mà nước từ ô đó chảy về (HAND) không quá độ "
     "sâu ngập của dòng suối đó theo cùng công thức; dòng suối là các ô có lưu vực từ {3} km² trở "
     "lên. Vùng sạt lở (kịch bản \"landslide\") là sườn dốc từ {4}° trở lên (phương pháp Horn) "
     "trong phạm vi 50 m quanh đường. Đây là ước tính sàng lọc từ mô hình độ cao thô: không thấy "
     "lòng suối hẹp hơn một ô lưới, cầu, cống và nền đường đắp; cần thay bằng số liệu khảo sát "
     "khi có.",
     "Fords with no measured depth get one estimated from the terrain (elevation model {0}, "
     "{1} m cells): the area A (m²) draining to the ford gives a screening flood depth of "
     "0.01 × A^0.30 (the GFPLAIN scaling), e.g. 0.63 m for 1 km²; a measured depth always comes "
     "first. Flood zones (scenario \"{2}\") are the cells whose height above the stream they "
     "drain to (HAND) is at most that stream's depth by the same formula; streams are cells "
     "draining at least {3} km². Landslide zones (scenario \"landslide\") are slopes of at least "
     "{4}° (Horn's method) within 50 m of a road. These are screening estimates from a coarse "
     "elevation model: channels narrower than a cell, bridges, culverts and embankments are not "
     "in it; replace them with surveyed depths and zones as they come."},
    {"method.no_hazards", "Kịch bản này không đóng đường theo vùng nguy cơ.",
     "This scenario closes no road for hazard zones."},
    {"method.snap",
     "Đường nối nhau tại đỉnh chung hoặc đầu đường cách đường khác trong {} m; ngầm tràn và cầu "
     "trong phạm vi {} m của đường được gắn vào đường.",
     "Roads join at shared vertices or where a road's end lies within {} m of another road; fords "
     "and bridges within {} m of a road are joined to it."},
    {"method.access",
     "Mỗi thôn nối vào mạng đường tại điểm gần nhất trong phạm vi {} m (khoảng cách đi bộ của Chỉ "
     "số tiếp cận nông thôn); xa hơn là không có đường.",
     "Each village joins the network at the nearest road point within {} m (the Rural Access Index "
     "walking distance); farther means no road access."},
    {"method.speeds",
     "Tốc độ tính thời gian đi lại: đường nhựa {} km/h, bê tông {} km/h, cấp phối {} km/h, đất {} "
     "km/h; đi bộ đến đường {} km/h.",
     "Travel-time speeds: asphalt {} km/h, concrete {} km/h, gravel {} km/h, earth {} km/h; "
     "walking to the road {} km/h."},
    {"method.cut_off",
     "Thôn bị chia cắt là thôn đến được điểm đến trong mùa khô nhưng không đến được trong kịch "
     "bản.",
     "A village is cut off when it reaches the destination in the dry season but not in the "
     "scenario."},
    {"method.blocked_by",
     "\"Bị chặn bởi\" là những điểm bị đóng trên tuyến cần mở ít điểm nhất để thôn thông đường "
     "lại.",
     "\"Blocked by\" lists the closed elements on the route that would reopen the village with the "
     "fewest of them."},
    {"method.ranking",
     "Công trình được xếp theo số hộ được thông đường giảm dần, rồi kinh phí tăng dần; danh mục "
     "trong ngân sách được tính cho cả nhóm vì các công trình phụ thuộc nhau.",
     "Projects are ranked by households reconnected, then by cost; the portfolio within a budget "
     "is valued as a set because projects depend on each other."},
    {"method.critical",
     "Điểm xung yếu được tính trên mạng mùa khô: ngầm, cầu hoặc đoạn đường mà nếu hỏng riêng nó "
     "thì có hộ bị cô lập.",
     "Critical elements are computed on the dry network: a ford, bridge or road segment whose "
     "failure alone isolates households."},
});

[[noreturn]] void unknown_key(std::string_view key) {
    throw std::logic_error(fmt::format("render: no text for key \"{}\"", key));
}

const text_entry* find(std::string_view key) {
    for (const auto& e : texts) {
        if (e.key == key)
            return &e;
    }
    return nullptr;
}

// Groups the digits of a non-negative integer in threes with `separator`.
std::string group_digits(std::string digits, char separator) {
    for (auto i = static_cast<std::ptrdiff_t>(digits.size()) - 3; i > 0; i -= 3) {
        digits.insert(static_cast<std::size_t>(i), 1, separator);
    }
    return digits;
}

} // namespace

language parse_language(std::string_view word) {
    std::string lower(word);
    for (auto& c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "vi")
        return language::vi;
    if (lower == "en")
        return language::en;
    throw usage_error(fmt::format("unknown language \"{}\": use vi or en", word));
}

std::string_view to_string(language lang) {
    return lang == language::vi ? "vi" : "en";
}

std::span<const text_entry> all_texts() {
    return texts;
}

std::string_view tr(language lang, std::string_view key) {
    const auto* e = find(key);
    if (!e)
        unknown_key(key);
    return lang == language::vi ? e->vi : e->en;
}

std::string_view tr_word(language lang, std::string_view enumeration, std::string_view word) {
    const std::string key = fmt::format("{}.{}", enumeration, word);
    const auto* e = find(key);
    if (!e)
        return word;
    return lang == language::vi ? e->vi : e->en;
}

std::string format_int(language lang, std::int64_t value) {
    const bool negative = value < 0;
    // Through unsigned so that the smallest int64 has a magnitude too.
    const std::uint64_t magnitude =
        negative ? ~static_cast<std::uint64_t>(value) + 1 : static_cast<std::uint64_t>(value);
    std::string out = group_digits(std::to_string(magnitude), lang == language::vi ? '.' : ',');
    return negative ? "-" + out : out;
}

std::string format_decimal(language lang, double value, int decimals) {
    if (!std::isfinite(value))
        return "–";
    const double scale = std::pow(10.0, decimals);
    const double rounded = std::round(std::abs(value) * scale) / scale;
    const auto whole = static_cast<std::int64_t>(std::floor(rounded));
    std::string out = format_int(lang, whole);
    if (decimals > 0) {
        const auto fraction =
            static_cast<std::int64_t>(std::llround((rounded - static_cast<double>(whole)) * scale));
        out += lang == language::vi ? ',' : '.';
        out += fmt::format("{:0{}}", fraction, decimals);
    }
    return value < 0 && rounded > 0 ? "-" + out : out;
}

std::string format_billion_vnd(language lang, double million_vnd) {
    const double billion = million_vnd / 1000.0;
    // Whole billions need no decimals; smaller sums keep two so 0,45 tỷ stays visible.
    const int decimals = std::abs(billion - std::round(billion)) < 1e-9 ? 0
                         : std::abs(billion) >= 10                      ? 1
                                                                        : 2;
    return format_decimal(lang, billion, decimals);
}

} // namespace allseason::render
