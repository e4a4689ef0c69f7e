#pragma once
// Finding a feature by the name a planner typed in a spreadsheet (contract §3 `join --on
// name`), in three steps, each used only where it finds exactly one feature:
//   1. the exact NFC text ("Thôn Nà Ó");
//   2. ignoring case, surrounding spaces and a leading word thôn, bản, xóm, làng, tổ, khu, ấp,
//      buôn, plei or sóc ("NÀ Ó", " thôn nà ó ");
//   3. also ignoring accents and đ/Đ ("Na O", "Khe Din" for "Bản Khe Đin").
// A step that finds two or more features ends the search: the later steps only widen it, and a
// guess between two villages whose names differ only by accents would put numbers on the wrong
// one.
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace allseason::importers {

enum class match_step { exact = 1, ignoring_case = 2, ignoring_accents = 3 };

// The keys of steps 2 and 3 ("Thôn Nà Ó" → "nà ó" → "na o").
std::string name_key_ignoring_case(std::string_view name);
std::string name_key_ignoring_accents(std::string_view name);

// How a step is described in the summary ("ignoring case and the word thôn…").
std::string_view describe(match_step step);

struct name_match {
    std::vector<size_t> candidates;      // indices into the names given to name_index
    match_step step = match_step::exact; // the step that found them (the last one when none)

    bool found_one() const { return candidates.size() == 1; }
};

class name_index {
public:
    // `names` are the features' names (NFC); an empty name matches nothing.
    explicit name_index(const std::vector<std::string>& names);

    name_match find(std::string_view name) const;

private:
    std::array<std::unordered_multimap<std::string, size_t>, 3> m_by_step;
};

} // namespace allseason::importers
