#pragma once
// The innards of `join`, shared by join.cpp (choosing the key and the fields, the transaction,
// the log) and join_rows.cpp (matching the rows, checking their values, the updates). Not part
// of the importers' public interface: include importers/join.hpp instead.
#include "importers/field_mapping.hpp"
#include "importers/join.hpp"
#include "importers/source.hpp"
#include "layers/project.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace allseason::importers::detail {

// The features a row can match: one per code (the segments of a road share theirs), or one per
// feature in a layer without codes.
struct target {
    std::string code;
    std::string name; // empty when null
    std::vector<std::int64_t> fids;
};

// "Nà Ó (V01)", the code alone when the name is null.
std::string show(const target& t);
// An empty cell: null or only spaces.
bool is_blank(const raw_value& value);

class joiner {
public:
    joiner(const join_options& options, const layers::layer_spec& spec, layers::project& project);

    join_summary run();

    static void log(geo::database& db, const join_options& options, const join_summary& summary,
                    std::string_view status, std::string_view message);

    const join_summary& summary() const { return m_summary; }

private:
    int find_field(std::string_view name) const;
    // The table's field for a column as `import` would map it (its name or a Vietnamese alias).
    int mapped_field(std::string_view column) const;
    void choose_key();
    void plan_writes();
    // "so_ho.xlsx row 3 (sheet row 4)": the data row, and where the file shows it.
    std::string row_label(std::int64_t row, const geo::feature& f) const;
    void problem(std::string text);
    std::string key_text(const geo::feature& f);
    // The targets a key finds and the step that found them.
    name_match match(const std::string& key);
    // Every cell empty: a spacer line in a sheet, not a row to match.
    bool blank_row(const geo::feature& f) const;
    void read_row(const geo::feature& f, std::int64_t row);
    void read_values(const geo::feature& f, const std::string& where, size_t t);
    void read_rows();
    void fail_on_problems();
    void write();

    struct pending_update {
        size_t target;
        std::vector<layers::field_value> values; // follow m_written
    };

    const join_options& m_options;
    const layers::layer_spec& m_spec;
    layers::project& m_project;
    source m_source;
    std::vector<geo::field_definition> m_fields;
    join_on m_on = join_on::automatic;
    int m_key = -1;
    field_plan m_plan;
    std::vector<layers::field_value> m_constants;
    std::vector<size_t> m_written; // the columns written, in spec order
    std::vector<target> m_targets;
    std::optional<name_index> m_names;
    std::unordered_map<std::string, size_t> m_codes;
    std::map<size_t, std::string> m_claimed; // target → where the row that matched it is
    std::vector<pending_update> m_updates;
    std::vector<std::string> m_problems;
    size_t m_problem_count = 0;
    size_t m_unmatched = 0; // rows that matched nothing, without --skip-unmatched
    join_summary m_summary;
};

} // namespace allseason::importers::detail
