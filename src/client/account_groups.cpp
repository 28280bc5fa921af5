#include "client/account_groups.hpp"

#include <map>
#include <numeric>

namespace mpop::client {
namespace {

int Find(std::vector<int>& parent, int i) {
  while (parent[i] != i) i = parent[i] = parent[parent[i]];
  return i;
}

}  // namespace

std::vector<std::vector<int>> GroupConflictingAccounts(
    const std::vector<AccountResources>& resources) {
  const int n = static_cast<int>(resources.size());
  std::vector<int> parent(n);
  std::iota(parent.begin(), parent.end(), 0);
  std::map<std::string, int> first_user;  // resource key -> first account using it
  auto claim = [&](const std::string& key, int account) {
    auto [it, inserted] = first_user.emplace(key, account);
    if (!inserted) {
      int a = Find(parent, it->second), b = Find(parent, account);
      parent[std::max(a, b)] = std::min(a, b);
    }
  };
  for (int i = 0; i < n; ++i) {
    claim("u:" + resources[i].uidls_file, i);
    if (!resources[i].delivery_target.empty()) claim("d:" + resources[i].delivery_target, i);
  }
  std::vector<std::vector<int>> groups;
  std::map<int, int> group_of_root;
  for (int i = 0; i < n; ++i) {
    int root = Find(parent, i);
    auto [it, inserted] = group_of_root.emplace(root, static_cast<int>(groups.size()));
    if (inserted) groups.emplace_back();
    groups[it->second].push_back(i);
  }
  return groups;
}

}  // namespace mpop::client
