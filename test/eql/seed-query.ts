// The seed rule's query (rules/windows/…sebackupprivilege.toml), kept here so the EQL tests do
// not depend on the rules loader.
export const seedQuery = `sequence by host.id, winlog.event_data.SubjectLogonId with maxspan=1m
 [iam where event.action == "logged-in-special"  and
  winlog.event_data.PrivilegeList : "SeBackupPrivilege" and

  /* excluding accounts with existing privileged access */
  not winlog.event_data.PrivilegeList : "SeDebugPrivilege"]
 [any where event.action == "Detailed File Share" and winlog.event_data.RelativeTargetName : "winreg"]
`;

export const seedIndexPatterns = ['winlogbeat-*', 'logs-system.*'] as const;
