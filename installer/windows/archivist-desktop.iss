; Inno Setup script: the Windows installer of Archivist Desktop for business-hall PCs.
;
;   bash installer/build.sh                         (on Windows, from Git Bash: builds dist\archivist-desktop\)
;   iscc installer\windows\archivist-desktop.iss    (makes dist\installer\archivist-desktop-setup-<version>.exe)
;   iscc /DAppVersion=0.2.0 installer\windows\archivist-desktop.iss   (another version number)
;
; Installs the one-folder bundle to Program Files with a Start-menu group.  The station's data
; (database, page files, settings.json) lives in the per-user data directory
; %LOCALAPPDATA%\ArchivistDesktop, which this installer never touches: installing a newer version
; over an older one (same AppId) replaces the program and keeps the data; the database is migrated
; when the new version first opens it.  Uninstalling leaves the data in place too.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Archivist Desktop"
#define AppExe "archivist-desktop.exe"
#define CliExe "archivist-desktop-cli.exe"
#define Bundle "..\..\dist\archivist-desktop"

[Setup]
; The AppId identifies the product across versions: never change it, or upgrades install side by side.
AppId={{6C1B7E4A-3F2D-4B8E-9A51-2E7C0D9F4A13}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Archivist Desktop
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
UsePreviousAppDir=yes
UsePreviousGroup=yes
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist\installer
OutputBaseFilename=archivist-desktop-setup-{#AppVersion}
SetupIconFile=..\..\resources\icons\archivist-desktop.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; a running copy is closed before its files are replaced
CloseApplications=yes
RestartApplications=no
ShowLanguageDialog=auto

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
#ifexist AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl"
Name: "zh_CN"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif

[CustomMessages]
en.LaunchProgram=Start Archivist Desktop
en.DoctorShortcut=Archivist Desktop — check this PC (doctor)
#ifexist AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl"
zh_CN.LaunchProgram=启动档案采集归档客户端
zh_CN.DoctorShortcut=档案采集归档客户端 — 检查本机（doctor）
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; the previous version's bundle: files that the new version no longer ships must not linger
; (only the program folder; the data directory is elsewhere and is kept)
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{group}\{cm:DoctorShortcut}"; Filename: "{cmd}"; Parameters: "/k ""{app}\{#CliExe}"" doctor"; WorkingDir: "{app}"; IconFilename: "{app}\{#AppExe}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] for the data directory: %LOCALAPPDATA%\ArchivistDesktop stays (archives are records).
