<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>CameraSettingsDialog</name>
    <message numerus="yes">
        <location filename="../../src/archivist_desktop/ui/capture_dialogs.py" line="+160"/>
        <source>%n camera(s) found</source>
        <translation>
            <numerusform>%n camera found</numerusform>
            <numerusform>%n cameras found</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CapturePanel</name>
    <message numerus="yes">
        <location filename="../../src/archivist_desktop/ui/capture_panel.py" line="+856"/>
        <source>Pages of the selected document: %n</source>
        <translation>
            <numerusform>Pages of the selected document: %n</numerusform>
            <numerusform>Pages of the selected document: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+77"/>
        <source>Attaching %n file(s)…</source>
        <translation>
            <numerusform>Attaching %n file…</numerusform>
            <numerusform>Attaching %n files…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+26"/>
        <source>%n file(s) attached.</source>
        <translation>
            <numerusform>%n file attached.</numerusform>
            <numerusform>%n files attached.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+215"/>
        <source>%n document(s) sent for review.</source>
        <translation>
            <numerusform>%n document sent for review.</numerusform>
            <numerusform>%n documents sent for review.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+14"/>
        <source>Not sent: %n required document(s) still missing.</source>
        <translation>
            <numerusform>Not sent: %n required document still missing.</numerusform>
            <numerusform>Not sent: %n required documents still missing.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChecklistModel</name>
    <message numerus="yes">
        <location filename="../../src/archivist_desktop/ui/models.py" line="+391"/>
        <source>%n missing</source>
        <translation>
            <numerusform>%n missing</numerusform>
            <numerusform>%n missing</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+20"/>
        <source>Time limit: %n working day(s)</source>
        <translation>
            <numerusform>Time limit: %n working day</numerusform>
            <numerusform>Time limit: %n working days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChecklistPanel</name>
    <message numerus="yes">
        <location filename="../../src/archivist_desktop/ui/checklist.py" line="+334"/>
        <source>%n rejected, kept</source>
        <translation>
            <numerusform>%n rejected, kept</numerusform>
            <numerusform>%n rejected, kept</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+160"/>
        <source>%n required document(s) missing</source>
        <translation>
            <numerusform>%n required document missing</numerusform>
            <numerusform>%n required documents missing</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DashboardHub</name>
    <message numerus="yes">
        <location filename="../../src/archivist_desktop/ui/dashboard_hub.py" line="+122"/>
        <source>Escalated: %n item(s)</source>
        <translation>
            <numerusform>Escalated: %n item</numerusform>
            <numerusform>Escalated: %n items</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EscalationWatcher</name>
    <message numerus="yes">
        <location filename="../../src/archivist_desktop/ui/tray.py" line="+119"/>
        <source>%n escalated item(s) in your team: required pages more than 48 hours late.</source>
        <translation>
            <numerusform>%n escalated item in your team: required pages more than 48 hours late.</numerusform>
            <numerusform>%n escalated items in your team: required pages more than 48 hours late.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n escalated item(s): required pages more than 48 hours late.</source>
        <translation>
            <numerusform>%n escalated item: required pages more than 48 hours late.</numerusform>
            <numerusform>%n escalated items: required pages more than 48 hours late.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../../src/archivist_desktop/ui/main_window.py" line="+607"/>
        <source>{file} was not imported: %n problem(s) found. Nothing was changed.</source>
        <translation>
            <numerusform>{file} was not imported: %n problem found. Nothing was changed.</numerusform>
            <numerusform>{file} was not imported: %n problems found. Nothing was changed.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReminderPanel</name>
    <message numerus="yes">
        <location filename="../../src/archivist_desktop/ui/reminders.py" line="+204"/>
        <source>%n escalated: required pages more than 48 hours late</source>
        <translation>
            <numerusform>%n escalated: required pages more than 48 hours late</numerusform>
            <numerusform>%n escalated: required pages more than 48 hours late</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewWorkspace</name>
    <message numerus="yes">
        <location filename="../../src/archivist_desktop/ui/review.py" line="+991"/>
        <source>Approval taken back: %n page(s) waiting for review again.</source>
        <translation>
            <numerusform>Approval taken back: %n page waiting for review again.</numerusform>
            <numerusform>Approval taken back: %n pages waiting for review again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WorkOrderListModel</name>
    <message numerus="yes">
        <location filename="../../src/archivist_desktop/ui/models.py" line="-140"/>
        <source>%n required document(s) missing</source>
        <translation>
            <numerusform>%n required document missing</numerusform>
            <numerusform>%n required documents missing</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WorkOrderListPanel</name>
    <message numerus="yes">
        <location filename="../../src/archivist_desktop/ui/orders.py" line="+228"/>
        <source>%n work order(s) match</source>
        <translation>
            <numerusform>%n work order matches</numerusform>
            <numerusform>%n work orders match</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n work order(s)</source>
        <translation>
            <numerusform>%n work order</numerusform>
            <numerusform>%n work orders</numerusform>
        </translation>
    </message>
</context>
</TS>
