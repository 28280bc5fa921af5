#include "config/setting_table.hpp"

namespace mpop::config {

const SettingRow* SettingTable::Find(std::string_view command) const {
  for (const SettingRow& row : rows_) {
    if (row.command == command) return &row;
  }
  return nullptr;
}

void SettingTable::MarkSet(const SettingRow& row, Account& account) const {
  if (row.field != nullptr)
    account.explicitly_set.set(static_cast<std::size_t>(&row - rows_.data()));
}

bool SettingTable::IsSet(const Account& account, const void* field) const {
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    if (rows_[i].field != nullptr && rows_[i].field(account) == field) {
      return account.explicitly_set.test(i);
    }
  }
  return false;
}

void SettingTable::CopyExplicit(const Account& from, Account& to) const {
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    if (rows_[i].copy == nullptr || !from.explicitly_set.test(i)) continue;
    rows_[i].copy(from, to);
    to.explicitly_set.set(i);
  }
}

// Account's members that need the table.
bool Account::IsSetAt(const void* field) const { return Settings().IsSet(*this, field); }

void Account::MarkSetAt(const void* field) {
  for (const SettingRow& row : Settings().rows()) {
    if (row.field != nullptr && row.field(*this) == field) Settings().MarkSet(row, *this);
  }
}

void CopyExplicitSettings(const Account& from, Account& to) { Settings().CopyExplicit(from, to); }

}  // namespace mpop::config
