// Accounts and backups (manager).
export function AccountsPanel() {
  return <p>Accounts</p>;
}
