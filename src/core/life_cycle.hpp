#pragma once
// A life cycle as one table of steps (from, action → to, who may take it). Orders and
// participation applications each declare their table; these read any of them.
#include <algorithm>
#include <optional>
#include <vector>

#include "core/access.hpp"

namespace pt {

template <class Status, class Action>
struct LifeCycleStep {
    Status from;
    Action action;
    Status to;
    std::vector<Role> roles;
};

// The status `action` leads to from `from`, or nullopt when there is no such step or `role`
// may not take it.
template <class Status, class Action>
std::optional<Status> next_in(const std::vector<LifeCycleStep<Status, Action>>& table, Status from, Action action,
                              Role role) {
    for (const auto& t : table)
        if (t.from == from && t.action == action)
            return std::ranges::find(t.roles, role) != t.roles.end() ? std::optional(t.to) : std::nullopt;
    return std::nullopt;
}

// The actions `role` may take from `from`, in table order.
template <class Status, class Action>
std::vector<Action> actions_in(const std::vector<LifeCycleStep<Status, Action>>& table, Status from, Role role) {
    std::vector<Action> out;
    for (const auto& t : table)
        if (t.from == from && std::ranges::find(t.roles, role) != t.roles.end()) out.push_back(t.action);
    return out;
}

}  // namespace pt
