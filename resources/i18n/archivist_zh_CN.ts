<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ChecklistModel</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/models.py" line="+263"/>
        <source>Step / document</source>
        <translation>环节 / 资料</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+60"/>
        <source>Required</source>
        <translation>必备</translation>
    </message>
    <message>
        <location line="-60"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pages</source>
        <translation>页数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Due</source>
        <translation>期限</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Done {time}</source>
        <translation>已完成 {time}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Current step</source>
        <translation>当前环节</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not reached</source>
        <translation>未开始</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n missing</source>
        <translation>
            <numerusform>缺 %n 份</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+17"/>
        <source>Time limit: %n working day(s)</source>
        <translation>
            <numerusform>时限：%n 个工作日</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No time limit</source>
        <translation>无时限</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{time} (late)</source>
        <translation>{time} 已超期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pages are due within 48 hours of the step: {time}</source>
        <translation>须在环节完成后 48 小时内采集：{time}</translation>
    </message>
</context>
<context>
    <name>ChecklistPanel</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/checklist.py" line="+70"/>
        <source>Account no.</source>
        <translation>户号</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Work order</source>
        <translation>工单号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Business type</source>
        <translation>业务类型</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Current step</source>
        <translation>当前环节</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>:</source>
        <translation>：</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Select a work order to see its checklist.</source>
        <translation>请选择一个工单以查看其资料清单。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Checklist</source>
        <translation>资料清单</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Could not load the checklist: {error}</source>
        <translation>无法加载资料清单：{error}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>All steps done</source>
        <translation>全部环节已完成</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>(due {time})</source>
        <translation>（截止 {time}）</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%n required document(s) missing</source>
        <translation>
            <numerusform>缺少 %n 份必备资料</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (of {total} required)</source>
        <translation>（共 {total} 份必备）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No required document missing ({total} required in all)</source>
        <translation>必备资料齐全（共 {total} 份）</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/i18n.py" line="+111"/>
        <source>Step not reached</source>
        <extracomment>preferred CJK-capable interface fonts, best first</extracomment>
        <translation>环节未到</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+32"/>
        <source>To capture</source>
        <translation>待添加</translation>
    </message>
    <message>
        <location line="-31"/>
        <source>Captured, to send</source>
        <translation>已采集，待发送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sent for review</source>
        <translation>已发送，待审核</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reviewed</source>
        <translation>已审核</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+30"/>
        <source>To hand over</source>
        <translation>待移交</translation>
    </message>
    <message>
        <location line="-29"/>
        <source>Received by archive</source>
        <translation>档案室已接收</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Boxed, to shelve</source>
        <translation>已装盒，待上架</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Archived</source>
        <translation>已归档</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>On time</source>
        <translation>正常</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warning</source>
        <translation>预警</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Counter clerk</source>
        <translation>营业员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Team collector</source>
        <translation>班组档案收集员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Supervisor</source>
        <translation>审核员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Archivist</source>
        <translation>档案管理员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Team lead</source>
        <translation>班组长</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Administrator</source>
        <translation>系统管理员</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>To send</source>
        <translation>待发送</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Volumes to shelve</source>
        <translation>待移交卷宗</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contracts expiring</source>
        <translation>合同预警</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time-limit warnings</source>
        <translation>业扩时限预警</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Required documents whose step is done but that have no pages yet (48-hour limit)</source>
        <translation>环节已完成但尚未采集的必备资料（48 小时内完成）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Captured documents not yet sent to the team collector</source>
        <translation>已采集但尚未发送给班组档案收集员的资料</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reviewed documents to hand over to the archive room (7-day limit)</source>
        <translation>已审核、待移交档案室的资料（7 天内完成）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Volumes in boxes that are not on a shelf yet</source>
        <translation>已装盒但尚未上架的卷宗</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Supply contracts ending soon</source>
        <translation>即将到期的供用电合同</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Work orders whose current step has used most of its time limit</source>
        <translation>当前环节已用去大部分时限的工单</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/login.py" line="+59"/>
        <source>Sign in — Archivist Desktop</source>
        <translation>登录 — 档案采集归档客户端</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Archivist Desktop</source>
        <translation>档案采集归档客户端</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sign in to this workstation</source>
        <translation>登录本工作站</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Demo mode: every demo account has the password &lt;b&gt;{password}&lt;/b&gt;. Click an account to fill it in, double-click to sign in.</source>
        <translation>演示模式：所有演示账号的密码均为 &lt;b&gt;{password}&lt;/b&gt;。单击账号即可填入，双击直接登录。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Enter your user name and password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Wrong user name or password. Check both and try again.</source>
        <translation>用户名或密码错误，请检查后重试。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cannot sign in: {reason}</source>
        <translation>无法登录：{reason}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sign-in failed because of an unexpected error ({error}). Please report it to your administrator.</source>
        <translation>登录时发生意外错误（{error}），请报告系统管理员。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/main_window.py" line="+120"/>
        <source>Archivist Desktop — {user}</source>
        <translation>档案采集归档客户端 — {user}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>[demo]</source>
        <translation>[演示]</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Camera</source>
        <translation>高拍仪</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The live camera preview and the capture controls come in a later issue. Camera setting: {camera}. Nothing is captured from this workspace yet.</source>
        <translation>高拍仪实时预览和采集操作将在后续版本中提供（高拍仪设置：{camera}）。目前本工作区还不能采集。</translation>
    </message>
    <message>
        <location line="+29"/>
        <location line="+71"/>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <location line="-70"/>
        <source>The review queue — zoom to 1:1, approve, or flag a page for rescan — comes in a later issue. This workspace shows no data yet.</source>
        <translation>审核队列（1:1 查看、审核通过或标记重拍）将在后续版本中提供。本工作区暂无数据。</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+67"/>
        <source>Archive</source>
        <translation>归档</translation>
    </message>
    <message>
        <location line="-66"/>
        <source>Hand-overs, volumes with archival codes, boxes, box labels and shelf locations come in a later issue. This workspace shows no data yet.</source>
        <translation>移交、卷宗与档号、装盒、盒签打印和库位登记将在后续版本中提供。本工作区暂无数据。</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+63"/>
        <source>Dashboard</source>
        <translation>看板</translation>
    </message>
    <message>
        <location line="-62"/>
        <source>Reminder lists, escalations and coverage charts with drill-down come in a later issue. Until then the reminder panel on the right shows the six reminder counts.</source>
        <translation>提醒清单、催办和覆盖率统计图表（可逐级查看明细）将在后续版本中提供。在此之前，右侧的提醒面板显示六类提醒的数量。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Reminders</source>
        <translation>提醒</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Your own work orders</source>
        <translation>我的工单</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Team {team}</source>
        <translation>班组：{team}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The whole workstation</source>
        <translation>本工作站全部工单</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Import work orders…</source>
        <translation>导入工单(&amp;I)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Find work order</source>
        <translation>查找工单(&amp;F)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;About Archivist Desktop</source>
        <translation>关于档案采集归档客户端(&amp;A)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Capture</source>
        <translation>采集</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{workspace} ({shortcut})</source>
        <translation>{workspace}（{shortcut}）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Workspaces</source>
        <translation>工作区</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Re&amp;minders</source>
        <translation>提醒面板(&amp;M)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Signed in: {name} ({username}) · {role}</source>
        <translation>当前用户：{name}（{username}）· {role}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Data: {path}</source>
        <translation>数据目录：{path}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Working…</source>
        <translation>处理中…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>DEMO DATA</source>
        <translation>演示数据</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Refreshed</source>
        <translation>已刷新</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>A background task failed: {error}</source>
        <translation>后台任务失败：{error}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Import work orders</source>
        <translation>导入工单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Work-order feeds (*.json);;All files (*)</source>
        <translation>工单数据文件 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Importing {file}…</source>
        <translation>正在导入 {file}…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{file}: work orders created {created}, updated {updated}, unchanged {unchanged}.</source>
        <translation>{file}：新建工单 {created} 个，更新 {updated} 个，未变化 {unchanged} 个。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Import finished</source>
        <translation>导入完成</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>{file} was not imported: %n problem(s) found. Nothing was changed.</source>
        <translation>
            <numerusform>{file} 未导入：发现 %n 个问题，未做任何更改。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{file} was not imported: {reason}</source>
        <translation>{file} 未导入：{reason}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{file} was not imported because of an unexpected error: {error}</source>
        <translation>{file} 因意外错误未导入：{error}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Import failed</source>
        <translation>导入失败</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>About Archivist Desktop</source>
        <translation>关于档案采集归档客户端</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;b&gt;Archivist Desktop&lt;/b&gt; {version}&lt;br&gt;Capture, check, review and archive customer documents with a high-speed document camera.&lt;br&gt;&lt;br&gt;Data directory: {path}</source>
        <translation>&lt;b&gt;档案采集归档客户端&lt;/b&gt;（Archivist Desktop）{version}&lt;br&gt;使用高拍仪采集、检查、审核并归档客户资料。&lt;br&gt;&lt;br&gt;数据目录：{path}</translation>
    </message>
</context>
<context>
    <name>ReminderItemsModel</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/models.py" line="+55"/>
        <source>Work order</source>
        <translation>工单号</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Document / step</source>
        <translation>资料 / 环节</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Due</source>
        <translation>期限</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>{time} escalated</source>
        <translation>{time} 催办</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Due {time}</source>
        <translation>截止 {time}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Escalated: required pages more than 48 hours late</source>
        <translation>催办：必备资料超过 48 小时未采集</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>{order} · account {account} · {customer}</source>
        <translation>{order} · 户号 {account} · {customer}</translation>
    </message>
</context>
<context>
    <name>ReminderPanel</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/reminders.py" line="+115"/>
        <source>Click a category to list its items.</source>
        <translation>点击类别查看明细。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Double-click or press Enter to open the work order</source>
        <translation>双击或按回车键打开该工单</translation>
    </message>
    <message numerus="yes">
        <location line="+34"/>
        <source>%n escalated: required pages more than 48 hours late</source>
        <translation>
            <numerusform>催办 %n 项：必备资料超过 48 小时未采集</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing escalated</source>
        <translation>无催办事项</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Could not load the reminders: {error}</source>
        <translation>无法加载提醒：{error}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{category}: nothing to do</source>
        <translation>{category}：无待办事项</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{category}: the first {shown} of {count}</source>
        <translation>{category}：共 {count} 项，显示前 {shown} 项</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{category}: {count}</source>
        <translation>{category}：{count} 项</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/app.py" line="+127"/>
        <source>Preparing fresh demo data in {path}…
This takes a few seconds.</source>
        <extracomment>a file in every demo data directory, so that a later ``--demo`` may wipe it and nothing else</extracomment>
        <translation>正在 {path} 中准备全新的演示数据…
需要几秒钟。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Opening {path}…</source>
        <translation>正在打开 {path}…</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+47"/>
        <source>Archivist Desktop</source>
        <translation>档案采集归档客户端</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot open the data directory {path}.</source>
        <translation>无法打开数据目录 {path}。</translation>
    </message>
</context>
<context>
    <name>WorkOrderListModel</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/models.py" line="-216"/>
        <source>Work order</source>
        <extracomment>text / background colours; states always carry text too, never colour alone</extracomment>
        <translation>工单号</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Account no.</source>
        <translation>户号</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Customer</source>
        <translation>客户名称</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Business type</source>
        <translation>业务类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Current step</source>
        <translation>当前环节</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Deadline</source>
        <translation>时限</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Missing</source>
        <translation>缺件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Required documents of completed steps that have no pages yet</source>
        <translation>已完成环节中尚未采集的必备资料份数</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>All steps done</source>
        <translation>全部环节已完成</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Current step due {time}</source>
        <translation>当前环节截止 {time}</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n required document(s) missing</source>
        <translation>
            <numerusform>缺少 %n 份必备资料</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WorkOrderListPanel</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/orders.py" line="+45"/>
        <source>Search account no., customer name or work order no.  (Ctrl+F)</source>
        <translation>搜索户号、客户名称或工单号（Ctrl+F）</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Work orders</source>
        <translation>工单列表</translation>
    </message>
    <message>
        <location line="+98"/>
        <source>Could not load the work orders: {error}</source>
        <translation>无法加载工单：{error}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No work order matches “{search}”</source>
        <translation>没有与“{search}”匹配的工单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No work orders yet — use File → Import work orders…</source>
        <translation>暂无工单 — 请使用“文件 → 导入工单…”</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Showing {shown} of {total} work orders — scroll down for more</source>
        <translation>已显示 {shown} / {total} 个工单，向下滚动可加载更多</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n work order(s) match</source>
        <translation>
            <numerusform>匹配 %n 个工单</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n work order(s)</source>
        <translation>
            <numerusform>共 %n 个工单</numerusform>
        </translation>
    </message>
</context>
</TS>
