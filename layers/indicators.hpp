#pragma once
// The commune plan's measurable targets (contract §4 `indicators`), computed from the
// project's layers. Each indicator has a value, a target, whether it is met and the figures it
// was computed from; where the data cannot answer (no schools, no beds recorded) the value is
// empty and a note says why, instead of a guess.
//
// The one figure that needs the routing engine — households with all-season access to the
// commune centre — comes in as `access_figures` (the CLI computes it with routing::cutoff);
// without it the stored `cutoff_results` of the rainy scenario are used, and without those
// the indicator says so.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace allseason::layers {

class project;

enum class text_language { en, vi };

// A figure an indicator was computed from: a count, a quantity or a word.
using basis_value = std::variant<std::int64_t, double, std::string>;

struct basis_item {
    std::string key; // snake_case, stable (the JSON key)
    basis_value value;
};

enum class target_op { at_least, more_than, less_than, at_most, none };

struct indicator {
    std::string id;
    std::optional<double> value; // empty: the data cannot answer (see note_id)
    std::string unit;            // "%", "households", "beds"
    std::optional<double> target;
    target_op op = target_op::none;
    std::string target_text; // "100%", "> 90%", "≥ 1 in 6", "0", "< 10%", "10"
    std::optional<bool> met; // empty when there is no value or no target
    std::vector<basis_item> basis;
    std::string note_id; // a text id (indicator_text) explaining a missing value
    // Villages of unknown households (contract §1: not in household sums) left out of a
    // households-based value; indicator_note says so, never a silent 0.
    std::int64_t villages_households_unknown = 0;
    // "2.8 of 10.9 km": the numbers behind the value, in the requested language
    std::string detail_en;
    std::string detail_vi;
};

// Households with all-season access, from the routing engine's answer for one scenario and
// destination (normally rainy and commune_centre).
struct access_figures {
    std::string scenario = "rainy";
    std::string destination = "commune_centre";
    std::int64_t households = 0;
    std::int64_t households_with_access = 0;
    std::int64_t households_cut_off = 0;
    std::int64_t households_without_road = 0;
    std::int64_t households_unreachable_dry = 0;  // with a road, but no way even when dry
    std::string source = "routing";               // "routing" or "cutoff_results"
    std::int64_t villages_households_unknown = 0; // left out of every sum above
};

struct indicator_options {
    std::optional<access_figures> access;
    // Persons per household where a village has no population and there are no household
    // points: 3.6, the national average of the 2019 Population and Housing Census (GSO).
    double persons_per_household = 3.6;
    double access_distance_m = 2000; // Rural Access Index walking distance
};

// Every indicator, in the order of contract §4.
std::vector<indicator> compute_indicators(project& p, const indicator_options& options);

// Households with all-season access from stored cutoff_results; nullopt when there are none
// for that scenario and destination.
std::optional<access_figures> access_from_results(project& p, const std::string& scenario,
                                                  const std::string& destination);

// The label of an indicator or the text of a note, in one language (every string of both
// languages lives in one table, indicators_text.cpp). Unknown ids come back unchanged.
std::string indicator_text(std::string_view id, text_language lang);
// The indicator's note in the language: why its value is missing and/or how many villages of
// unknown households were left out; empty when there is nothing to say.
std::string indicator_note(const indicator& ind, text_language lang);
// The ids of every text, for the tests that check each has both languages.
std::vector<std::string> indicator_text_ids();

} // namespace allseason::layers
