# Install the MSI for real on a Windows runner and check what only Windows can show:
#  1. per user, silently, with the admin properties: self-test, ServerUrl and the Run entry in
#     HKCU, the Send To shortcut; uninstall removes the app and the Run entry, keeps user data;
#  2. an older build, then this one over it: one entry in Add/Remove Programs, this version;
#  3. per machine (ALLUSERS=1, this runner is elevated): ServerUrl in HKLM, which the app
#     reads (the self-test's config line names that server).
param([Parameter(Mandatory)][string]$Msi, [Parameter(Mandatory)][string]$Older)
$ErrorActionPreference = "Stop"

function Invoke-Msiexec([string]$Arguments, [string]$Log) {
  $p = Start-Process msiexec -ArgumentList "$Arguments /qn /l*v $Log" -Wait -PassThru
  if ($p.ExitCode -ne 0) { Get-Content $Log -Tail 60; throw "msiexec $Arguments -> $($p.ExitCode)" }
}
function Get-NoomusEntries {
  $keys = "HKCU:\Software\Microsoft\Windows\CurrentVersion\Uninstall\*",
          "HKLM:\Software\Microsoft\Windows\CurrentVersion\Uninstall\*"
  @(Get-ItemProperty $keys -ErrorAction SilentlyContinue | Where-Object { $_.DisplayName -eq "Noomus" })
}
$run = "Software\Microsoft\Windows\CurrentVersion\Run"

# 1. Per user.
Invoke-Msiexec "/i `"$Msi`" SERVERURL=https://extranet.example AUTOSTART=1" install.log
$exe = "$env:LOCALAPPDATA\Programs\Noomus\Noomus.exe"
./installers/windows/self-test.ps1 $exe
$url = (Get-ItemProperty "HKCU:\Software\Noomus\Desktop").ServerUrl
if ($url -ne "https://extranet.example") { throw "ServerUrl is '$url'" }
$entry = (Get-ItemProperty "HKCU:\$run").Noomus
if ($entry -ne "`"$exe`"") { throw "Run entry is '$entry', expected the quoted Noomus.exe" }
if (-not (Test-Path "$env:APPDATA\Microsoft\Windows\SendTo\Noomus.lnk")) { throw "no Send To shortcut" }
New-Item -ItemType Directory -Force "$env:LOCALAPPDATA\Noomus\Noomus" | Out-Null
Set-Content "$env:LOCALAPPDATA\Noomus\Noomus\settings.json" "{}"
Invoke-Msiexec "/x `"$Msi`"" uninstall.log
if (Test-Path $exe) { throw "uninstall left the app" }
if ((Get-ItemProperty "HKCU:\$run" -ErrorAction SilentlyContinue).Noomus) { throw "uninstall left the Run entry" }
if (-not (Test-Path "$env:LOCALAPPDATA\Noomus\Noomus\settings.json")) { throw "uninstall removed user data" }

# 2. Upgrade over an older build of the same version: one entry, the newer version.
Invoke-Msiexec "/i `"$Older`"" older.log
Invoke-Msiexec "/i `"$Msi`"" upgrade.log
$entries = Get-NoomusEntries
if ($entries.Count -ne 1) { throw "$($entries.Count) Noomus entries in Add/Remove Programs after the upgrade" }
$installed = $entries[0].DisplayVersion
# msiinfo is not on Windows: read the MSI's ProductVersion through the Installer COM API.
$installer = New-Object -ComObject WindowsInstaller.Installer
$db = $installer.GetType().InvokeMember("OpenDatabase", "InvokeMethod", $null, $installer, @($Msi, 0))
$view = $db.GetType().InvokeMember("OpenView", "InvokeMethod", $null, $db, @("SELECT Value FROM Property WHERE Property='ProductVersion'"))
$view.GetType().InvokeMember("Execute", "InvokeMethod", $null, $view, $null) | Out-Null
$record = $view.GetType().InvokeMember("Fetch", "InvokeMethod", $null, $view, $null)
$wanted = $record.GetType().InvokeMember("StringData", "GetProperty", $null, $record, 1)
if ($installed -ne $wanted) { throw "Add/Remove Programs shows $installed, expected $wanted" }
./installers/windows/self-test.ps1 $exe
Invoke-Msiexec "/x `"$Msi`"" uninstall2.log

# 3. Per machine, as Intune or SCCM would deploy it.
Invoke-Msiexec "/i `"$Msi`" ALLUSERS=1 SERVERURL=https://policy.example AUTOSTART=1" machine.log
$machineExe = "$env:ProgramFiles\Noomus\Noomus.exe"
if (-not (Test-Path $machineExe)) { throw "per-machine install is not in Program Files" }
$url = (Get-ItemProperty "HKLM:\Software\Noomus\Desktop").ServerUrl
if ($url -ne "https://policy.example") { throw "HKLM ServerUrl is '$url'" }
if (-not (Get-ItemProperty "HKLM:\$run").Noomus) { throw "no per-machine Run entry" }
./installers/windows/self-test.ps1 $machineExe
if (-not (Select-String -Path self-test.txt -Pattern "server https://policy.example" -Quiet)) {
  throw "the app does not read the HKLM ServerUrl"
}
Invoke-Msiexec "/x `"$Msi`"" machine-uninstall.log
Write-Host "MSI smoke test passed"
