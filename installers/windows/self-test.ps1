# Run the frozen app's --self-test and fail on a failed check. Noomus.exe is a windowed
# executable: wait for it and read its exit code explicitly.
param([Parameter(Mandatory)][string]$Exe)
$p = Start-Process -FilePath $Exe -ArgumentList "--self-test" -Wait -PassThru -NoNewWindow `
     -RedirectStandardOutput self-test.txt
Get-Content self-test.txt
if ($p.ExitCode -ne 0) { Write-Error "self-test of $Exe failed"; exit 1 }
