#pragma once
// The Vietnamese (and common English) words planners write for the enumerations of contract
// §1, in one table: `Bê tông`, `BTXM` → concrete, `đường trục xã` → commune_axis, `trạm y tế`
// → health_station... Matching is case- and accent-insensitive (geo::fold_for_match), so
// `BE TONG`, `bê-tông` and `be_tong` are all concrete.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace allseason::importers {

// The stored word for `value` in the enumeration of `layer`.`column` (the English word itself
// or one of its synonyms); nullopt when the value is not known. Throws std::logic_error when
// the column is not an enumeration.
std::optional<std::string_view> match_word(std::string_view layer, std::string_view column,
                                           std::string_view value);

// The layer a planner means: the layer's own name, or its Vietnamese name ("ngầm tràn" →
// fords, "cầu" → bridges, "thôn" → villages…), case- and accent-insensitively; nullopt when
// neither.
std::optional<std::string_view> match_layer_name(std::string_view name);

// Yes/no in the forms spreadsheets and surveys use: 1/0, true/false, yes/no, có/không, x.
std::optional<bool> match_boolean(std::string_view value);

// The accepted values of an enumeration for an error message: each stored word followed by
// its Vietnamese synonyms, e.g. `concrete (bê tông, BTXM, ...)`.
std::string accepted_values(std::string_view layer, std::string_view column);
std::string accepted_booleans();

// The synonyms of one stored word (for tests and documentation).
std::vector<std::string_view> synonyms(std::string_view layer, std::string_view column,
                                       std::string_view word);

} // namespace allseason::importers
