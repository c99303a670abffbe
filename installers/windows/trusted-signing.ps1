# Azure Trusted Signing through signtool's /dlib plug-in: the key stays in Microsoft's HSM.
# Installs the pinned client from NuGet and writes its metadata.json; exports the two paths
# installers/windows/sign.py reads. Credentials (AZURE_CLIENT_ID, AZURE_CLIENT_SECRET,
# AZURE_TENANT_ID) are given to the signing step itself, never written to disk.
$version = "1.0.95"  # Microsoft.Trusted.Signing.Client, pinned
$root = Join-Path $env:RUNNER_TEMP "trusted-signing"
nuget install Microsoft.Trusted.Signing.Client -Version $version -OutputDirectory $root -NonInteractive
if ($LASTEXITCODE -ne 0) { exit 1 }
$dlib = Get-ChildItem -Recurse $root -Filter Azure.CodeSigning.Dlib.dll |
        Where-Object { $_.FullName -match "\\x64\\" } | Select-Object -First 1
if (-not $dlib) { Write-Error "Azure.CodeSigning.Dlib.dll not found in the client package"; exit 1 }
$metadata = Join-Path $root "metadata.json"
@{ Endpoint = $env:ENDPOINT; CodeSigningAccountName = $env:ACCOUNT;
   CertificateProfileName = $env:PROFILE } | ConvertTo-Json | Set-Content -Encoding utf8 $metadata
"AZURE_SIGNING_DLIB=$($dlib.FullName)" | Out-File -Append -Encoding utf8 $env:GITHUB_ENV
"AZURE_SIGNING_METADATA=$metadata" | Out-File -Append -Encoding utf8 $env:GITHUB_ENV
