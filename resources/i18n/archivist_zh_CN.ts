<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AdminPage</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/first_run.py" line="+712"/>
        <source>A user name is required.</source>
        <extracomment>None until the runner answered; then whether the station has any user</extracomment>
        <translation>需要填写用户名。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>At most {n} characters, please.</source>
        <translation>最多 {n} 个字符。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No spaces in a user name, please.</source>
        <translation>用户名中不能有空格。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>At least {n} characters, please ({typed} so far).</source>
        <translation>至少 {n} 个字符（目前 {typed} 个）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The password must not contain the user name.</source>
        <translation>密码不能包含用户名。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>This station syncs with a central database, which manages the users: people sign in with the accounts the centre gives them. No administrator is created here.</source>
        <translation>本工作站与中心数据库同步，用户由中心统一管理：请使用中心分配的账户登录。此处不创建管理员。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Checking the user accounts of this station…</source>
        <translation>正在检查本工作站的用户账户…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This station already has user accounts; nothing to add here.</source>
        <translation>本工作站已有用户账户，此处无需添加。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This station has no user account yet. Create its first administrator: that person signs in after this set-up and adds the other users.</source>
        <translation>本工作站还没有用户账户。请创建首位管理员：设置完成后由其登录并添加其他用户。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>First administrator</source>
        <translation>首位管理员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The account that signs in first and manages the others.</source>
        <translation>首先登录并管理其他用户的账户。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Display name:</source>
        <translation>显示名称(&amp;D)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Repeat password:</source>
        <translation>确认密码(&amp;R)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. Wang Fang (shown on receipts and in the status bar)</source>
        <translation>例如：王芳（显示在回执和状态栏中）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Passwords: at least {n} characters, not containing the user name.</source>
        <translation>密码：至少 {n} 个字符，且不能包含用户名。</translation>
    </message>
</context>
<context>
    <name>ArchiveWorkspace</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/archive_workspace.py" line="+141"/>
        <source>Scan a box label or a work-order barcode, or type a box number (F3)</source>
        <extracomment>the open &quot;shelve this box?&quot; question (None: none is open)</extracomment>
        <translation>扫描档案盒标签或工单条码，或输入盒号 (F3)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Scan:</source>
        <translation>扫描：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Hand-over inbox</source>
        <translation>待接收移交</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+148"/>
        <source>Volumes</source>
        <translation>卷宗</translation>
    </message>
    <message>
        <location line="-147"/>
        <source>Boxes</source>
        <translation>档案盒</translation>
    </message>
    <message>
        <location line="+26"/>
        <location line="+63"/>
        <source>Work order</source>
        <translation>工单</translation>
    </message>
    <message>
        <location line="-62"/>
        <source>Customer no.</source>
        <translation>户号</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+44"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location line="-43"/>
        <location line="+62"/>
        <source>Document</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="-61"/>
        <location line="+49"/>
        <location line="+13"/>
        <source>Pages</source>
        <translation>页数</translation>
    </message>
    <message>
        <location line="-61"/>
        <source>Team</source>
        <translation>班组</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Receive selected (Ctrl+R)</source>
        <translation>接收所选 (Ctrl+R)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save hand-over list as PDF…</source>
        <translation>将移交清单保存为 PDF…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Reviewed documents waiting for the archive room, by work order. Scan a work-order barcode to receive all its documents.</source>
        <translation>已审核、等待档案室接收的文件（按工单）。扫描工单条码即可接收该工单的全部文件。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>File into volumes (Ctrl+Shift+V)</source>
        <translation>组卷 (Ctrl+Shift+V)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Received, waiting for a volume</source>
        <translation>已接收，待组卷</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+90"/>
        <source>Archival code</source>
        <translation>档号</translation>
    </message>
    <message>
        <location line="-88"/>
        <location line="+74"/>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <location line="-73"/>
        <location line="+73"/>
        <source>Retention</source>
        <translation>保管期限</translation>
    </message>
    <message>
        <location line="-72"/>
        <source>Security</source>
        <translation>密级</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+17"/>
        <location line="+68"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="-84"/>
        <source>Box</source>
        <translation>档案盒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Documents</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>On loan to</source>
        <translation>借出给</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>#</source>
        <translation>序号</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Step</source>
        <translation>环节</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Box number (empty: its open box, or a new one)</source>
        <translation>盒号（留空：放入同类未上架的盒，没有则新建）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Empty: the volume goes into the open box (not yet on the shelf) of its year, retention period and organisation; when there is none, into a new box.</source>
        <translation>留空时，卷宗放入同年度、同保管期限、同机构且尚未上架的档案盒；没有这样的盒则新建一个。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Put in box (Ctrl+B)</source>
        <translation>装盒 (Ctrl+B)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Take out of box</source>
        <translation>从盒中取出</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lend…</source>
        <translation>借出…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Take back</source>
        <translation>归还</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Void…</source>
        <translation>作废…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Box number</source>
        <translation>盒号</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Shelf</source>
        <translation>架位</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No box open: pick one, or scan its label.</source>
        <translation>未打开档案盒：请选择一个，或扫描其标签。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Vol. no.</source>
        <translation>卷号</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Title</source>
        <translation>题名</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>room-rack-column-layer, e.g. A01-03-05-2</source>
        <translation>库房-列-节-层，例如 A01-03-05-2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Shelve (archive) (Ctrl+Shift+L)</source>
        <translation>上架（归档） (Ctrl+Shift+L)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Front label 100×50 mm</source>
        <translation>封面标签 100×50 mm</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Spine strip 30×100 mm</source>
        <translation>盒脊标签 30×100 mm</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>A4 sheet of labels</source>
        <translation>A4 标签页</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Print labels… (Ctrl+P)</source>
        <translation>打印标签… (Ctrl+P)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save label as PDF…</source>
        <translation>将标签保存为 PDF…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Shelf location:</source>
        <translation>架位：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Label:</source>
        <translation>标签：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open box</source>
        <translation>打开档案盒</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>{name} ({no}): {n} document(s)</source>
        <translation>{name}（{no}）：{n} 份文件</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>not shelved</source>
        <translation>未上架</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>open</source>
        <translation>未装盒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>boxed</source>
        <translation>已装盒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>archived</source>
        <translation>已归档</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>voided</source>
        <translation>已作废</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>years</source>
        <translation>年度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>retention periods</source>
        <translation>保管期限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>organisations</source>
        <translation>立档单位</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{field}: box {box}, volume {volume}</source>
        <translation>{field}：档案盒 {box}，卷宗 {volume}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>DA/T 22: volume {code} cannot go in box {box}: a box never mixes {fields} ({details}).</source>
        <translation>DA/T 22：卷宗 {code} 不能装入档案盒 {box}：同一盒内不得混装不同的{fields}（{details}）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Unexpected problem: {error}</source>
        <translation>意外问题：{error}</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Box {box} opened.</source>
        <translation>已打开档案盒 {box}。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Nothing found for “{text}”: no box with this label and no work order waiting for hand-over.</source>
        <translation>未找到“{text}”：没有此标签的档案盒，也没有等待移交的此工单。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Pick the documents to receive, or scan a work-order barcode.</source>
        <translation>请选择要接收的文件，或扫描工单条码。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Hand-over {no}: {n} document(s) of {orders} received.</source>
        <translation>移交单 {no}：已接收 {orders} 的 {n} 份文件。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Save hand-over list</source>
        <translation>保存移交清单</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+203"/>
        <location line="+140"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location line="-331"/>
        <source>Hand-over list saved: {path}</source>
        <translation>移交清单已保存：{path}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No received documents are waiting for a volume.</source>
        <translation>没有已接收待组卷的文件。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Filed into {codes}.</source>
        <translation>已组卷：{codes}。</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Pick a volume first.</source>
        <translation>请先选择卷宗。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Volume {code} is in a new box {box}.</source>
        <translation>卷宗 {code} 已放入新盒 {box}。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Volume {code} is in the open box {box} of its year and retention period.</source>
        <translation>卷宗 {code} 已放入同年度、同保管期限的未上架盒 {box}。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Volume {code} is in box {box}.</source>
        <translation>卷宗 {code} 已装入档案盒 {box}。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Volume {code} taken out of its box.</source>
        <translation>卷宗 {code} 已从档案盒取出。</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+3"/>
        <source>Lend volume</source>
        <translation>借出卷宗</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Borrower:</source>
        <translation>借阅人：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Purpose:</source>
        <translation>用途：</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Volume {code} lent to {who}.</source>
        <translation>卷宗 {code} 已借给 {who}。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Volume {code} is back.</source>
        <translation>卷宗 {code} 已归还。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Void volume</source>
        <translation>作废卷宗</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason for voiding {code} (kept in the audit log):</source>
        <translation>作废 {code} 的原因（记入审计日志）：</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Volume {code} voided.</source>
        <translation>卷宗 {code} 已作废。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Export volume</source>
        <translation>导出卷宗</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Exported {pages} page(s) to {path}.</source>
        <translation>已导出 {pages} 页到 {path}。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Box {box}</source>
        <translation>档案盒 {box}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not shelved yet (boxed, waiting for the shelf)</source>
        <translation>尚未上架（已装盒，待上架）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Organisation: {org} · fonds {fonds} · year {year} · retention {retention} · volumes {range} · shelf: {shelf}
DA/T 22: everything in this box is of year {year}, retention {retention} and organisation {org}; other volumes are refused.</source>
        <translation>立档单位：{org} · 全宗 {fonds} · 年度 {year} · 保管期限 {retention} · 卷号 {range} · 架位：{shelf}
DA/T 22：本盒内全部为 {year} 年度、保管期限 {retention}、立档单位 {org} 的卷宗；其他卷宗将被拒绝。</translation>
    </message>
    <message>
        <location line="+23"/>
        <location line="+59"/>
        <location line="+22"/>
        <source>Open a box first.</source>
        <translation>请先打开档案盒。</translation>
    </message>
    <message>
        <location line="-76"/>
        <source>Type or scan the shelf location first.</source>
        <translation>请先输入或扫描架位。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Shelve box</source>
        <translation>上架</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Put box {box} on shelf {shelf}?
Its {n} volume(s) become archived: their contents can no longer be changed.</source>
        <translation>将盒 {box} 放上架位 {shelf}？
盒内 {n} 卷将归档，归档后内容不可再更改。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Shelve and archive</source>
        <translation>上架并归档(&amp;S)</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Box {box} is on shelf {shelf}: its volumes are archived.</source>
        <translation>档案盒 {box} 已上架 {shelf}：其卷宗已归档。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Print box labels</source>
        <translation>打印档案盒标签</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Save label</source>
        <translation>保存标签</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Label saved: {path}</source>
        <translation>标签已保存：{path}</translation>
    </message>
</context>
<context>
    <name>CameraPage</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/first_run.py" line="-470"/>
        <source>Opening the camera ({source})…</source>
        <translation>正在打开摄像头（{source}）…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The camera is not answering ({error}). Reconnecting…</source>
        <translation>摄像头无响应（{error}），正在重新连接…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The camera could not be opened: {error}
Check the cable, or choose another camera.</source>
        <translation>无法打开摄像头：{error}
请检查连线，或选择其他摄像头。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The replay has ended. Press Retry to start it again.</source>
        <translation>回放已结束。按“重试”重新开始。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Live: {summary}. Put a page under the camera: its outline shows when it is found.</source>
        <translation>实时画面：{summary}。把文件放到摄像头下，识别到后会显示其轮廓。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No picture. You can go on and choose the camera later with File → Camera settings…</source>
        <translation>没有画面。可以继续，稍后通过“文件 → 摄像头设置…”选择摄像头。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Starting the camera…</source>
        <translation>正在启动摄像头…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>simulated document camera ({spec})</source>
        <translation>模拟高拍仪（{spec}）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>replay of {path}</source>
        <translation>回放 {path}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>camera {spec}</source>
        <translation>摄像头 {spec}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the picture of the document camera. The simulated camera needs no hardware.</source>
        <translation>请确认高拍仪的画面。模拟摄像头无需硬件。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Camera: {name}</source>
        <translation>摄像头：{name}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Choose camera…</source>
        <translation>选择摄像头(&amp;C)…</translation>
    </message>
</context>
<context>
    <name>CameraSettingsDialog</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/capture_dialogs.py" line="+87"/>
        <source>Camera settings</source>
        <extracomment>runs the camera probe off the GUI thread (the given one, else the nearest parent&apos;s ``runner``)</extracomment>
        <translation>相机设置</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Simulated document camera (sim)</source>
        <translation>模拟高拍仪 (sim)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replay a video file or image folder…</source>
        <translation>回放视频文件或图片文件夹…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Camera {index}: {name}</source>
        <translation>相机 {index}：{name}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Video file or image folder</source>
        <translation>视频文件或图片文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Camera default</source>
        <translation>相机默认</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Capture automatically when a new page lies still</source>
        <translation>新页面放稳后自动拍摄</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Camera:</source>
        <translation>相机：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Replay:</source>
        <translation>回放：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resolution:</source>
        <translation>分辨率：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Backend:</source>
        <translation>后端：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Foot-pedal key:</source>
        <translation>脚踏开关按键：</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Looking for cameras…</source>
        <translation>正在查找相机…</translation>
    </message>
    <message numerus="yes">
        <location line="+20"/>
        <source>%n camera(s) found</source>
        <translation>
            <numerusform>找到 %n 台相机</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Camera {index}</source>
        <translation>相机 {index}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Replay file</source>
        <translation>回放文件</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Videos and images (*.avi *.mp4 *.mkv *.jpg *.png);;All files (*)</source>
        <translation>视频和图片 (*.avi *.mp4 *.mkv *.jpg *.png);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>CapturePanel</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/capture_panel.py" line="+174"/>
        <source>Camera</source>
        <extracomment>the file dialog&apos;s filter of File → Attach files… how long closing waits for a page still being processed (it then attaches) set by the window: the entries of the shown checklist the keys that are the shutter, also in a text field of the capture desk (:class:`_CaptureKeyGuard`) people&apos;s names by login name: the rescan banner names the reviewer as people know them (issue 17)</extracomment>
        <translation>相机</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Camera: starting…</source>
        <translation>相机：正在启动…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Capture (Space)</source>
        <translation>拍摄（空格）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Auto-capture</source>
        <translation>自动拍摄</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>ID card (front + back)</source>
        <translation>身份证（正面+反面）</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+6"/>
        <source>Book mode</source>
        <extracomment>the checkable action (Ctrl+K) that switches book mode; the button shows its state</extracomment>
        <translation>书本模式</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>A captured spread becomes two pages, left first, flattened (Ctrl+K)</source>
        <translation>拍摄的跨页分为左右两页（先左后右）并展平（Ctrl+K）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Attach files…</source>
        <extracomment>File → Attach files… (Ctrl+O): PDF, OFD, audio, video or image files into the selected slot</extracomment>
        <translation>附加文件(&amp;A)…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Send for review</source>
        <translation>发送审核</translation>
    </message>
    <message>
        <location line="+22"/>
        <location line="+866"/>
        <source>Retake page</source>
        <translation>重拍此页</translation>
    </message>
    <message>
        <location line="-862"/>
        <location line="+826"/>
        <source>Delete page</source>
        <translation>删除此页</translation>
    </message>
    <message>
        <location line="-822"/>
        <source>Pages of the selected document</source>
        <translation>所选文件的页面</translation>
    </message>
    <message>
        <location line="+82"/>
        <source>Camera: opening {spec}…</source>
        <translation>相机：正在打开 {spec}…</translation>
    </message>
    <message>
        <location line="+92"/>
        <source>Opening the camera ({source})…</source>
        <translation>正在打开相机（{source}）…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The camera is not answering ({error}). Reconnecting: attempt {attempt} of {max} failed, next in {seconds:g} s…</source>
        <translation>相机无响应（{error}）。正在重新连接：第 {attempt} 次（共 {max} 次）失败，{seconds:g} 秒后重试…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The camera stopped delivering frames ({error}). Is it unplugged? Reconnecting…</source>
        <translation>相机不再输出画面（{error}）。是否已拔出？正在重新连接…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The camera could not be opened: {error}
Check the cable and the camera settings, then press Retry.</source>
        <translation>无法打开相机：{error}
请检查连接线和相机设置，然后点击“重试”。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The replay has ended. Press Retry to start it again.</source>
        <translation>回放已结束。点击“重试”重新开始。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The camera is stopped.</source>
        <translation>相机已停止。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Camera: {summary} · live view {fps:.0f} fps</source>
        <translation>相机：{summary} · 预览 {fps:.0f} 帧/秒</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Camera: {state}</source>
        <translation>相机：{state}</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Cover sheet {number}: work order opened.</source>
        <translation>封面条码 {number}：已打开该工单。</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Select a document in the checklist; pages go into it.</source>
        <translation>请在清单中选择一个文件，拍摄的页面将归入该文件。</translation>
    </message>
    <message>
        <location line="+63"/>
        <location line="+304"/>
        <location line="+15"/>
        <source>Select a document in the checklist first.</source>
        <translation>请先在清单中选择一个文件。</translation>
    </message>
    <message>
        <location line="-317"/>
        <source>No picture: the camera is not running.</source>
        <translation>无画面：相机未运行。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Capturing the open book…</source>
        <translation>正在拍摄书本…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Capturing…</source>
        <translation>正在拍摄…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Capturing the front of the ID card…</source>
        <translation>正在拍摄身份证正面…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Capturing the back of the ID card…</source>
        <translation>正在拍摄身份证反面…</translation>
    </message>
    <message>
        <location line="+133"/>
        <source>The page could not be processed: {error}</source>
        <translation>页面无法处理：{error}</translation>
    </message>
    <message>
        <location line="-120"/>
        <source>Front captured. Turn the card over and capture the back.</source>
        <translation>正面已拍摄。请翻面后拍摄反面。</translation>
    </message>
    <message>
        <location line="+101"/>
        <source>OK</source>
        <translation>合格</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>warning</source>
        <translation>有警告</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>rejected, overridden</source>
        <translation>不合格，已强制保存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Page stored ({verdict}).</source>
        <translation>页面已保存（{verdict}）。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>quality check</source>
        <translation>质量检查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Page rejected</source>
        <translation>页面不合格</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Original document is in this condition</source>
        <translation>原件即如此</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer cannot provide a better copy</source>
        <translation>客户无法提供更清晰的件</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+188"/>
        <source>Late entry (补录)</source>
        <translation>补录</translation>
    </message>
    <message>
        <location line="-187"/>
        <location line="+188"/>
        <source>This document is past its 48-hour deadline. A late entry needs a reason.</source>
        <translation>此文件已超过 48 小时时限，补录需要填写原因。</translation>
    </message>
    <message>
        <location line="-186"/>
        <location line="+187"/>
        <source>Customer brought the document late</source>
        <translation>客户补交资料</translation>
    </message>
    <message>
        <location line="-186"/>
        <source>Camera or system was out of order</source>
        <translation>高拍仪或系统故障</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+185"/>
        <source>Document was missed and found later</source>
        <translation>资料遗漏后补</translation>
    </message>
    <message>
        <location line="-212"/>
        <source>The page was not stored: {error}</source>
        <translation>页面未保存：{error}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The page was not stored because of an unexpected error: {error}</source>
        <translation>由于意外错误，页面未保存：{error}</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>The page was not attached.</source>
        <translation>页面未归档。</translation>
    </message>
    <message>
        <location line="+136"/>
        <source>&lt;b&gt;Rescan requested&lt;/b&gt; by {reviewer}: {reason}</source>
        <translation>&lt;b&gt;要求重拍&lt;/b&gt;（{reviewer}）：{reason}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The next page you capture here replaces the flagged page (shown left).</source>
        <translation>在此拍摄的下一页将替换被退回的页面（左图）。</translation>
    </message>
    <message numerus="yes">
        <location line="-45"/>
        <source>Pages of the selected document: %n</source>
        <translation>
            <numerusform>所选文件的页面：%n 页</numerusform>
        </translation>
    </message>
    <message>
        <location line="-303"/>
        <source>{document} is {state}: it takes no more pages. Select another document.</source>
        <translation>{document}（{state}）不能再添加页面，请选择其他文件。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Next page goes to: {step}. {document} (page {n})</source>
        <translation>下一页归入：{step}. {document}（第 {n} 页）</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>This document has been sent on: its pages can no longer change</source>
        <translation>该文件已发送，页面不能再更改</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Retaking page {n}: the new picture replaces it…</source>
        <translation>正在重拍第 {n} 页：新照片将替换它…</translation>
    </message>
    <message>
        <location line="+158"/>
        <source>The quality check rejected this page: &lt;b&gt;{reasons}&lt;/b&gt;.&lt;br&gt;Capture it again (Enter), or keep it anyway and say why; it is then marked as rejected, kept.</source>
        <translation>质量检查判定此页不合格：&lt;b&gt;{reasons}&lt;/b&gt;。&lt;br&gt;请重新拍摄（回车），或说明原因后仍然保留；保留的页面将标记为“不合格·保留”。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>&amp;Keep this page</source>
        <translation>保留此页(&amp;K)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Capture &amp;again</source>
        <translation>重新拍摄(&amp;A)</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Page {n}: {finding}</source>
        <translation>第 {n} 页：{finding}</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>&lt;b&gt;Rescan requested&lt;/b&gt; by {reviewer} for {format} page {n}: {reason}</source>
        <translation>&lt;b&gt;要求重拍&lt;/b&gt;（{reviewer}）：{format} 第 {n} 页：{reason}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The pages could not be loaded: {error}</source>
        <translation>无法加载页面：{error}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Attach files</source>
        <translation>附加文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Documents, recordings and images ({patterns});;All files (*)</source>
        <translation>文档、音视频和图像 ({patterns});;所有文件 (*)</translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>Attaching %n file(s)…</source>
        <translation>
            <numerusform>正在附加 %n 个文件…</numerusform>
        </translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The files were not attached: {error}</source>
        <translation>文件未附加：{error}</translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>%n file(s) attached.</source>
        <translation>
            <numerusform>已附加 %n 个文件。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name}: {reason}</source>
        <translation>{name}：{reason}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refused {name}: {reason}</source>
        <translation>已拒收 {name}：{reason}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Files refused</source>
        <translation>文件被拒收</translation>
    </message>
    <message>
        <location line="+97"/>
        <source>{document}, page {n}</source>
        <translation>{document}，第 {n} 页</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>+/− zoom · 0 fit · 1 actual pixels · R rotate · Esc close</source>
        <translation>+/− 缩放 · 0 适合窗口 · 1 实际像素 · R 旋转 · Esc 关闭</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>PgUp/PgDn page · +/− zoom · 0 fit · 1 actual pixels · R rotate · Esc close</source>
        <translation>PgUp/PgDn 翻页 · +/− 缩放 · 0 适应窗口 · 1 实际像素 · R 旋转 · Esc 关闭</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Delete page {n} of this document? This cannot be undone.</source>
        <translation>删除此文件的第 {n} 页？此操作无法撤销。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Delete page {n}</source>
        <translation>删除第 {n} 页(&amp;D)</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The page was not removed: {error}</source>
        <translation>页面未删除：{error}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Page removed.</source>
        <translation>页面已删除。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Replace page {n} with a new picture from the camera? Put the page under the camera first.</source>
        <translation>用摄像头的新照片替换第 {n} 页？请先把页面放到摄像头下。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Retake page {n}</source>
        <translation>重拍第 {n} 页(&amp;R)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Auto-capture on: put a new page under the camera and hold still.</source>
        <translation>自动拍摄已开启：将新页面放到高拍仪下并保持不动。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Auto-capture off.</source>
        <translation>自动拍摄已关闭。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>ID card mode: capture the front, then the back; they are merged onto one page.</source>
        <translation>身份证模式：先拍正面，再拍反面，两面合并为一页。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ID card mode off.</source>
        <translation>身份证模式已关闭。</translation>
    </message>
    <message numerus="yes">
        <location line="+23"/>
        <source>%n document(s) sent for review.</source>
        <translation>
            <numerusform>已发送 %n 份文件审核。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sent for review</source>
        <translation>已发送审核</translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>Not sent: %n required document(s) still missing.</source>
        <translation>
            <numerusform>未发送：仍缺 %n 份必需文件。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Documents missing</source>
        <translation>缺少文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+3"/>
        <source>Not sent</source>
        <translation>未发送</translation>
    </message>
</context>
<context>
    <name>CentralPage</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/first_run.py" line="+109"/>
        <source>Not a usable address: {error}</source>
        <translation>地址不可用：{error}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Connecting to {url}…</source>
        <translation>正在连接 {url}…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Connected: the central database answers (schema {revision}).</source>
        <translation>已连接：中心数据库有响应（结构版本 {revision}）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Connected, but: {detail}</source>
        <translation>已连接，但是：{detail}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cannot connect: {detail}</source>
        <translation>无法连接：{detail}</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Central database</source>
        <translation>中心数据库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Optional: sync this station&apos;s work with the central database.</source>
        <translation>可选：将本工作站的数据同步到中心数据库。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Without a central database this station works on its own. You can sign in later with File → Station set-up… or the command archivist-desktop central login. The password is kept in the system&apos;s keyring, never in the settings file.</source>
        <translation>没有中心数据库时，本工作站独立工作。以后可以通过“文件 → 工作站设置…”或命令 archivist-desktop central login 登录。密码保存在系统密钥环中，绝不写入设置文件。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Sync with a central database</source>
        <translation>与中心数据库同步(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Address (URL):</source>
        <translation>地址(&amp;A)（URL）：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;User:</source>
        <translation>用户(&amp;U)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Test connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
</context>
<context>
    <name>ChartBox</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/dashboard.py" line="+85"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
</context>
<context>
    <name>ChecklistModel</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/models.py" line="+313"/>
        <source>Step / document</source>
        <extracomment>the data of a checklist cell copied when the tree is updated in place</extracomment>
        <translation>环节 / 资料</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+105"/>
        <source>Required</source>
        <translation>必备</translation>
    </message>
    <message>
        <location line="-105"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Pages</source>
        <translation>页数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Due</source>
        <translation>期限</translation>
    </message>
    <message>
        <location line="+67"/>
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
        <location line="+5"/>
        <source>%n missing</source>
        <translation>
            <numerusform>缺 %n 份</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+20"/>
        <source>Time limit: %n working day(s)</source>
        <translation>
            <numerusform>时限：%n 个工作日</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No time limit</source>
        <translation>无时限</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{time} (late)</source>
        <translation>{time} 已超期</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pages are due within 48 hours of the step: {time}</source>
        <translation>须在环节完成后 48 小时内采集：{time}</translation>
    </message>
</context>
<context>
    <name>ChecklistPanel</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/checklist.py" line="+104"/>
        <source>Account no.</source>
        <extracomment>the columns beside the document&apos;s name, sized by ChecklistPanel._fit_columns the key that moves the capture on to the next missing document (Tab stays focus navigation) below this window height (logical pixels: 1366x768, at 100 % or 125 %) the header&apos;s details start folded away, so that the tree keeps its rows; a click on the details button overrides it (issue 17) (caption, value) of each header field, laid out two to a row, or one when the column is narrow</extracomment>
        <translation>户号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Work order</source>
        <translation>工单号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Business type</source>
        <translation>业务类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Current step</source>
        <translation>当前环节</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>:</source>
        <translation>：</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show or hide the work order&apos;s details (phone, address, step)</source>
        <translation>显示或隐藏工单详情（电话、地址、环节）</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Select a work order to see its checklist.</source>
        <translation>请选择一个工单以查看其资料清单。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Checklist</source>
        <translation>资料清单</translation>
    </message>
    <message numerus="yes">
        <location line="+140"/>
        <source>%n rejected, kept</source>
        <translation>
            <numerusform>%n 页不合格·保留</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The quality check rejected these pages; they were kept with a reason.</source>
        <translation>质量检查判定这些页面不合格；已说明原因并保留。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Due: {time}</source>
        <translation>期限：{time}</translation>
    </message>
    <message>
        <location line="+103"/>
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
    <message>
        <location line="+3"/>
        <source>Account no. {customer_no} · {work_order_no}</source>
        <translation>户号 {customer_no} · {work_order_no}</translation>
    </message>
    <message numerus="yes">
        <location line="+17"/>
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
        <location line="+5"/>
        <source>No required document missing ({total} required in all)</source>
        <translation>必备资料齐全（共 {total} 份）</translation>
    </message>
</context>
<context>
    <name>DashboardHub</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/dashboard_hub.py" line="+111"/>
        <source>Show the escalated items (required pages more than 48 hours late)</source>
        <translation>查看催办事项（必备资料超过 48 小时未采集）</translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>Escalated: %n item(s)</source>
        <translation>
            <numerusform>催办 %n 项</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DashboardPanel</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/dashboard.py" line="+53"/>
        <location line="+325"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location line="-311"/>
        <source>Per month</source>
        <translation>按月</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per week</source>
        <translation>按周</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Documents and pages captured</source>
        <translation>已采集的文件和页数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Coverage: required documents with approved pages</source>
        <translation>覆盖率：必备文件中已审核通过的比例</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Digitised within 48 hours</source>
        <translation>48 小时内数字化</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per team: flagged pages, rescans, overdue items</source>
        <translation>按班组：退回页面、重拍任务、超期事项</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Click a bar or a slice to list the items behind it.</source>
        <translation>点击柱形或扇区可列出其对应的事项。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Work order</source>
        <translation>工单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Document</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clerk</source>
        <translation>营业员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Due</source>
        <translation>期限</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Double-click or press Enter to open the work order</source>
        <translation>双击或按回车打开工单</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>Updating…</source>
        <translation>正在更新…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Could not load the dashboard: {error}</source>
        <translation>无法加载统计看板：{error}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Volumes {volumes} · Documents {documents} · Pages {pages} · Work orders {orders}</source>
        <translation>卷宗 {volumes} · 文件 {documents} · 页 {pages} · 工单 {orders}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Charts as of {time}</source>
        <translation>图表统计时间 {time}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Charts not computed yet</source>
        <translation>图表尚未计算</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Documents</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pages</source>
        <translation>页数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Volumes</source>
        <translation>卷宗</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Coverage</source>
        <translation>覆盖率</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>On time</source>
        <translation>按时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Captured late</source>
        <translation>逾期采集</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Still overdue</source>
        <translation>仍超期</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>On-time rate {rate}</source>
        <translation>按时率 {rate}</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+14"/>
        <source>Flagged pages</source>
        <translation>退回页面</translation>
    </message>
    <message>
        <location line="-13"/>
        <location line="+13"/>
        <source>Open rescans</source>
        <translation>待重拍</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>Overdue items</source>
        <translation>超期事项</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Could not list the items: {error}</source>
        <translation>无法列出事项：{error}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Documents first captured in {key}</source>
        <translation>{key} 首次采集的文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Required documents of {key}, not yet approved first</source>
        <translation>{key} 的必备文件（未审核通过的在前）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Digitised on time</source>
        <translation>按时数字化</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Digitised late</source>
        <translation>逾期数字化</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Still not captured, past 48 hours</source>
        <translation>超过 48 小时仍未采集</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Documents with flagged pages: {key}</source>
        <translation>有退回页面的文件：{key}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rescan tasks: {key}</source>
        <translation>重拍任务：{key}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overdue documents: {key}</source>
        <translation>超期文件：{key}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source> (the first {n})</source>
        <translation>（前 {n} 条）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{title}: {count}{more}</source>
        <translation>{title}：{count}{more}</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Export CSV</source>
        <translation>导出 CSV</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The CSV was not written: {error}</source>
        <translation>CSV 未能写入：{error}</translation>
    </message>
</context>
<context>
    <name>EscalationWatcher</name>
    <message numerus="yes">
        <location filename="../../src/archivist_desktop/ui/tray.py" line="+119"/>
        <source>%n escalated item(s) in your team: required pages more than 48 hours late.</source>
        <translation>
            <numerusform>本班组有 %n 项催办：必备页面已逾期超过 48 小时。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n escalated item(s): required pages more than 48 hours late.</source>
        <translation>
            <numerusform>有 %n 项催办：必备页面已逾期超过 48 小时。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Most overdue: {order} {customer} ({hours} h).</source>
        <translation>逾期最久：{order} {customer}（{hours} 小时）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Escalation (催办)</source>
        <translation>催办</translation>
    </message>
</context>
<context>
    <name>Filmstrip</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/filmstrip.py" line="+192"/>
        <source>OK</source>
        <extracomment>a page to show large (double-click or Enter on its thumbnail) a PDF/OFD or recording to open in the system&apos;s viewer or player (context menu, Ctrl+Shift+O; #19) what each row shows (see _drawn_as), to draw again only the rows that changed content findings by page id (wrong_document, field_mismatch; from page_findings, #18) the PDFs, OFDs and recordings among the pages, by page id (#19: a badge &quot;n 页&quot; / &quot;▶ m:ss&quot;) the context menu last shown (kept: it is open while the person chooses)</extracomment>
        <translation>合格</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Rejected</source>
        <translation>不合格</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Rejected · kept</source>
        <translation>不合格·保留</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Page {n} · {verdict}</source>
        <translation>第 {n} 页 · {verdict}</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Override: {reason}</source>
        <translation>强制保存原因：{reason}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Late entry: {reason}</source>
        <translation>补录原因：{reason}</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>{n} pages</source>
        <translation>{n} 页</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>blurred</source>
        <translation>模糊</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>glare</source>
        <translation>反光</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>too dark</source>
        <translation>过暗</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>too bright</source>
        <translation>过亮</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>blank</source>
        <translation>空白页</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cut off</source>
        <translation>页面不完整</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>low resolution</source>
        <translation>分辨率不足</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no page found</source>
        <translation>未找到页面</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>page edges uncertain</source>
        <translation>页面边缘不确定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>wrong document?</source>
        <translation>疑似放错</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>details differ</source>
        <translation>信息不一致</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Customer name differs: work order {expected} / page {found}</source>
        <translation>客户名称不一致：工单 {expected} / 页面 {found}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>户号 differs: work order {expected} / page {found}</source>
        <translation>户号不一致：工单 {expected} / 页面 {found}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name on the ID card differs: work order {expected} / page {found}</source>
        <translation>身份证姓名不一致：工单 {expected} / 页面 {found}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Possibly misfiled: looks like “{name}”</source>
        <translation>疑似放错位置：像是「{name}」</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ID number fails its check digit: {found}</source>
        <translation>身份证号码校验位不符：{found}</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/first_run.py" line="+425"/>
        <source>Station set-up — Archivist Desktop</source>
        <extracomment>the administrator created on Finish (None: none was created)</extracomment>
        <translation>工作站设置 — 档案采集归档客户端</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt; &amp;Back</source>
        <translation>&lt; 上一步(&amp;B)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Next &gt;</source>
        <translation>下一步(&amp;N) &gt;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Finish</source>
        <translation>完成(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>This station got user accounts meanwhile, so no administrator was added. Press Finish again to save the rest of the set-up.</source>
        <translation>本工作站在此期间已有用户账户，因此未添加管理员。请再次点击“完成”保存其余设置。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The set-up was not saved: {error}</source>
        <translation>设置未保存：{error}</translation>
    </message>
</context>
<context>
    <name>FlagDialog</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/review.py" line="+194"/>
        <source>Flag page for rescan</source>
        <extracomment>people&apos;s names by login name (the clerk column shows 王芳, not clerk2; issue 17)</extracomment>
        <translation>退回重拍</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The flag is about page {n} of {total} of this file.</source>
        <translation>此次退回针对该文件的第 {n} 页（共 {total} 页）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Why must the clerk capture this page again?</source>
        <translation>为什么需要营业员重新拍摄此页？</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Comment for the clerk (required for &apos;other&apos;)</source>
        <translation>给营业员的说明（选“其他”时必填）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Flag</source>
        <translation>退回</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/i18n.py" line="+173"/>
        <source>Step not reached</source>
        <extracomment>preferred CJK-capable interface fonts, best first Qt&apos;s own strings that Qt&apos;s ``qtbase_&lt;lang&gt;.qm`` leaves untranslated (seen in the Qt 6.11 widget file dialog: the labels of its .ui with their accelerators, the type column of the file list)</extracomment>
        <translation>环节未到</translation>
    </message>
    <message>
        <location filename="../../src/archivist_desktop/services/reminders.py" line="+153"/>
        <location filename="../../src/archivist_desktop/ui/i18n.py" line="+1"/>
        <source>To capture</source>
        <extracomment>an open rescan task on this item: why the page was flagged, and the flagged page who flagged it (the reviewer) the flagged page of a born-digital PDF/OFD (1-based; None: the whole file; #19) the reminder categories, in display order; adding one is adding an entry here</extracomment>
        <translation>待添加</translation>
    </message>
    <message>
        <location filename="../../src/archivist_desktop/ui/i18n.py" line="+1"/>
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
        <location filename="../../src/archivist_desktop/services/reminders.py" line="+30"/>
        <location filename="../../src/archivist_desktop/ui/i18n.py" line="+1"/>
        <source>To hand over</source>
        <translation>待移交</translation>
    </message>
    <message>
        <location filename="../../src/archivist_desktop/ui/i18n.py" line="+1"/>
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
        <location filename="../../src/archivist_desktop/services/reminders.py" line="-9"/>
        <source>To send</source>
        <translation>待发送</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Volumes to shelve</source>
        <translation>待上架卷宗</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Contracts expiring</source>
        <translation>合同预警</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Time-limit warnings</source>
        <translation>业扩时限预警</translation>
    </message>
    <message>
        <location line="-56"/>
        <source>Required documents whose step is done but that have no pages yet (48-hour limit)</source>
        <translation>环节已完成但尚未采集的必备资料（48 小时内完成）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>To rescan</source>
        <translation>待重拍</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Documents a reviewer sent back for rescanning (required or optional)</source>
        <translation>审核退回需要重拍的资料（必备或可选）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Captured documents not yet sent to the team collector</source>
        <translation>已采集但尚未发送给班组档案收集员的资料</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Reviewed documents to hand over to the archive room (7-day limit)</source>
        <translation>已审核、待移交档案室的资料（7 天内完成）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Volumes in boxes that are not on a shelf yet</source>
        <translation>已装盒但尚未上架的卷宗</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Supply contracts ending soon</source>
        <translation>即将到期的供用电合同</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Work orders whose current step has used most of its time limit</source>
        <translation>当前环节已用去大部分时限的工单</translation>
    </message>
    <message>
        <location filename="../../src/archivist_desktop/ui/errors.py" line="+137"/>
        <source>read</source>
        <extracomment>a permission of the matrix as the verb of a refusal (&quot;may not {permission} documents of type …&quot;)</extracomment>
        <translation>查看</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>upload</source>
        <translation>上传</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>review</source>
        <translation>审核</translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/first_run.py" line="-893"/>
        <source>Language</source>
        <extracomment>the longest user name the users table holds each language named in itself (never translated)</extracomment>
        <translation>语言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose the language of the interface.</source>
        <translation>选择界面语言。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Welcome to Archivist Desktop. A few questions set up this workstation: its language, its name, the document camera and, if there is one, the central database. It takes a minute.</source>
        <translation>欢迎使用档案采集归档客户端。回答几个问题即可设置本工作站：语言、名称、高拍仪，以及中心数据库（如有）。只需一分钟。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The interface switches at once. You can change the language later with File → Station set-up…</source>
        <translation>界面会立即切换。以后可以通过“文件 → 工作站设置…”更改语言。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The new language applies from the next start of the program.</source>
        <translation>新语言将在下次启动程序时生效。</translation>
    </message>
</context>
<context>
    <name>LiveView</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/live_view.py" line="+51"/>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>No page found</source>
        <translation>未找到页面</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Page cut off by the frame edge</source>
        <translation>页面超出画面边缘</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Page looks blank</source>
        <translation>页面似乎空白</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>moving</source>
        <translation>移动中</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>still</source>
        <translation>静止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Page found · sharpness {value:.2f} · {state}</source>
        <translation>已找到页面 · 清晰度 {value:.2f} · {state}</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/login.py" line="+70"/>
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
        <location line="+28"/>
        <source>Demo mode: every demo account has the password &lt;b&gt;{password}&lt;/b&gt;. Click an account to fill it in, double-click to sign in.</source>
        <translation>演示模式：所有演示账号的密码均为 &lt;b&gt;{password}&lt;/b&gt;。单击账号即可填入，双击直接登录。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>This station has no user account yet, so nobody can sign in. Create the first administrator with the command: archivist-desktop users add --name NAME --role admin</source>
        <extracomment>None until known; False: a fresh station without any account (nobody can sign in yet)</extracomment>
        <translation>本工作站还没有任何用户账号，因此无法登录。请用以下命令创建第一个管理员：archivist-desktop users add --name 用户名 --role admin</translation>
    </message>
    <message>
        <location line="+7"/>
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
        <location line="+45"/>
        <source>Enter your user name and password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Wrong user name or password. Check both and try again.</source>
        <translation>用户名或密码错误，请检查后重试。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Account locked for {minutes} minutes after repeated failed sign-ins.</source>
        <translation>多次登录失败，账号已锁定 {minutes} 分钟。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cannot sign in: {reason}</source>
        <translation>无法登录：{reason}</translation>
    </message>
    <message>
        <location line="+4"/>
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
        <location filename="../../src/archivist_desktop/ui/main_window.py" line="+142"/>
        <source>Archivist Desktop — {user}</source>
        <extracomment>the workspace a role starts in (Ctrl+1…4 switch)</extracomment>
        <translation>档案采集归档客户端 — {user}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>[demo]</source>
        <translation>[演示]</translation>
    </message>
    <message>
        <location line="+154"/>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Archive</source>
        <translation>归档</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Dashboard</source>
        <translation>看板</translation>
    </message>
    <message>
        <location line="-86"/>
        <source>Reminders</source>
        <translation>提醒</translation>
    </message>
    <message>
        <location line="+49"/>
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
        <source>&amp;Camera settings…</source>
        <translation>相机设置(&amp;C)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Station set-up…</source>
        <translation>工作站设置(&amp;S)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Switch &amp;user…</source>
        <translation>切换用户(&amp;U)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;About Archivist Desktop</source>
        <translation>关于档案采集归档客户端(&amp;A)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Capture</source>
        <translation>采集</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{workspace} ({shortcut})</source>
        <translation>{workspace}（{shortcut}）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Workspaces</source>
        <translation>工作区</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+8"/>
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
        <location line="+8"/>
        <source>Signed in: {name} ({username}) · {role}</source>
        <translation>当前用户：{name}（{username}）· {role}</translation>
    </message>
    <message>
        <location line="+6"/>
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
        <location line="+49"/>
        <source>Box label {box} seen by the camera: box opened.</source>
        <translation>摄像头识别到档案盒标签 {box}：已打开该盒。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Refreshed</source>
        <translation>已刷新</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>The settings were not saved: {error}</source>
        <translation>设置未保存：{error}</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>A background task failed: {error}</source>
        <translation>后台任务失败：{error}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Switch user — Archivist Desktop</source>
        <translation>切换用户 — 档案采集归档客户端</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>{name} is signed in already.</source>
        <translation>{name} 已经登录。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Import work orders</source>
        <translation>导入工单</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Work-order feeds (*.json);;All files (*)</source>
        <translation>工单数据文件 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Importing {file}…</source>
        <translation>正在导入 {file}…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>{file}: work orders created {created}, updated {updated}, unchanged {unchanged}.</source>
        <translation>{file}：新建工单 {created} 个，更新 {updated} 个，未变化 {unchanged} 个。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import finished</source>
        <translation>导入完成</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
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
        <location line="+4"/>
        <source>Import failed</source>
        <translation>导入失败</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Capture a page (Capture workspace; Space or the pedal)</source>
        <translation>拍摄一页（采集工作区；空格键或脚踏开关）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Capture: open the selected PDF, OFD or recording in the system&apos;s program</source>
        <translation>采集：用系统程序打开所选的 PDF、OFD 或录音录像</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Review: approve the page</source>
        <translation>审核：通过此页</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Review: flag the page for rescan</source>
        <translation>审核：退回重拍此页</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Review: approve the whole document</source>
        <translation>审核：整份文件通过</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Review: next page</source>
        <translation>审核：下一页</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Review: previous page</source>
        <translation>审核：上一页</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Search customers, work orders, volumes</source>
        <translation>搜索客户、工单、卷宗</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>About Archivist Desktop</source>
        <translation>关于档案采集归档客户端</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;b&gt;Archivist Desktop&lt;/b&gt; {version}&lt;br&gt;Capture, check, review and archive customer documents with a high-speed document camera.&lt;br&gt;&lt;br&gt;Data directory: {path}</source>
        <translation>&lt;b&gt;档案采集归档客户端&lt;/b&gt;（Archivist Desktop）{version}&lt;br&gt;使用高拍仪采集、检查、审核并归档客户资料。&lt;br&gt;&lt;br&gt;数据目录：{path}</translation>
    </message>
</context>
<context>
    <name>MediaPlayer</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/media_player.py" line="+87"/>
        <source>Back to the picture</source>
        <translation>返回画面</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop playing and show the poster frame again (Esc)</source>
        <translation>停止播放，重新显示封面帧（Esc）</translation>
    </message>
    <message>
        <location line="+62"/>
        <location line="+119"/>
        <source>The recording could not be played: {error}</source>
        <translation>无法播放该录音录像：{error}</translation>
    </message>
    <message>
        <location line="-113"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+54"/>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Play the recording here</source>
        <translation>在此播放录音录像</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Qt Multimedia is not available on this computer: play the recording in its own player</source>
        <translation>本机没有 Qt 多媒体组件：请用系统播放器播放该录音录像</translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/tray.py" line="-84"/>
        <source>Archivist Desktop</source>
        <translation>档案采集归档客户端</translation>
    </message>
</context>
<context>
    <name>PageDialog</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/search.py" line="+174"/>
        <source>Loading the page…</source>
        <translation>正在载入页面…</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>The page could not be shown: {error}</source>
        <translation>无法显示该页面：{error}</translation>
    </message>
</context>
<context>
    <name>PageViewer</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/page_viewer.py" line="+204"/>
        <source>Previous page (PgUp)</source>
        <extracomment>long side of the reduced &quot;view&quot; image (enough for a full-screen fit on a 1080p/1440p monitor) how often a page that is not on this station yet is asked for again while it is on screen outlines drawn over the page (search hits), four (x, y) corners each in the page&apos;s pixels the page of a material asked for (1-based) and the one whose picture is on screen</extracomment>
        <translation>上一页（PgUp）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Next page (PgDn)</source>
        <translation>下一页（PgDn）</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>Page {n} of {total}</source>
        <translation>第 {n} / {total} 页</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>not on this station yet; it loads when the central database is reachable</source>
        <translation>本工作站尚无此页；连接到中心数据库后自动加载</translation>
    </message>
</context>
<context>
    <name>RecordView</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/views.py" line="+56"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Export CSV</source>
        <translation>导出 CSV</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Customer {no}</source>
        <translation>客户 {no}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Work order / document</source>
        <translation>工单 / 文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Business type / state</source>
        <translation>业务类型 / 状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+77"/>
        <source>Step</source>
        <translation>环节</translation>
    </message>
    <message>
        <location line="-76"/>
        <location line="+33"/>
        <location line="+43"/>
        <source>Pages</source>
        <translation>页数</translation>
    </message>
    <message>
        <location line="-75"/>
        <source>Created / due</source>
        <translation>创建 / 期限</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Work order {no}</source>
        <translation>工单 {no}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Step / document / page</source>
        <translation>环节 / 文件 / 页</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+44"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="-42"/>
        <source>Completed / due / captured</source>
        <translation>完成 / 期限 / 采集</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>current</source>
        <translation>当前</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>page {n}</source>
        <translation>第 {n} 页</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Volume {code}</source>
        <translation>卷宗 {code}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>box {box} {shelf}</source>
        <translation>档案盒 {box} {shelf}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Volume / document</source>
        <translation>卷宗 / 文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Volumes of this customer</source>
        <translation>该客户的卷宗</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Documents</source>
        <translation>文件</translation>
    </message>
</context>
<context>
    <name>ReminderItemsModel</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/models.py" line="+82"/>
        <source>Page {n} of the file</source>
        <translation>文件第 {n} 页</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Comment: {comment}</source>
        <translation>备注：{comment}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Flagged by {reviewer}</source>
        <translation>退回人：{reviewer}</translation>
    </message>
    <message>
        <location line="+14"/>
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
        <location line="+16"/>
        <source>{document} — rescan: {reason}</source>
        <translation>{document} — 重拍：{reason}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{time} escalated</source>
        <translation>{time} 催办</translation>
    </message>
    <message>
        <location line="-49"/>
        <source>Due {time}</source>
        <translation>截止 {time}</translation>
    </message>
    <message>
        <location line="-17"/>
        <source>{document} (step {step})</source>
        <extracomment>people&apos;s names by login name (the reviewer of a rescan in the tooltip)</extracomment>
        <translation>{document}（环节 {step}）</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Escalated: required pages more than 48 hours late</source>
        <translation>催办：必备资料超过 48 小时未采集</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Flagged for rescan: {reason}</source>
        <translation>退回重拍：{reason}</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>{order} · account {account} · {customer}</source>
        <translation>{order} · 户号 {account} · {customer}</translation>
    </message>
</context>
<context>
    <name>ReminderPanel</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/reminders.py" line="+130"/>
        <source>Click a category to list its items.</source>
        <extracomment>reads the station&apos;s users (people&apos;s names for the reviewer in a rescan row&apos;s tooltip)</extracomment>
        <translation>点击类别查看明细。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Double-click or press Enter to open the work order</source>
        <translation>双击或按回车键打开该工单</translation>
    </message>
    <message numerus="yes">
        <location line="+62"/>
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
        <location line="+4"/>
        <source>{category}: {count}</source>
        <translation>{category}：{count} 项</translation>
    </message>
</context>
<context>
    <name>ReviewQueueModel</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/review.py" line="-114"/>
        <source>Sharpness</source>
        <translation>清晰度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quality</source>
        <translation>质量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Document</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Page</source>
        <translation>页</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Captured by</source>
        <translation>采集人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Captured</source>
        <translation>采集时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gate</source>
        <translation>审核关口</translation>
    </message>
</context>
<context>
    <name>ReviewWorkspace</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/i18n.py" line="+25"/>
        <source>Blurred</source>
        <translation>模糊</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Glare</source>
        <translation>反光</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cut off</source>
        <translation>不完整（被裁切）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wrong document</source>
        <translation>文件错误</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Incomplete</source>
        <translation>内容不全</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other (say what in the comment)</source>
        <translation>其他（请在说明中写明）</translation>
    </message>
    <message>
        <location filename="../../src/archivist_desktop/ui/review.py" line="-25"/>
        <source>good</source>
        <translation>合格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>check</source>
        <translation>待核</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unusable</source>
        <translation>不可用</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>files without an image check</source>
        <translation>无需画质检查的文件</translation>
    </message>
    <message>
        <location line="+188"/>
        <location line="+1"/>
        <source>All</source>
        <extracomment>people&apos;s names by login name, for the queue, the details, the history and the messages the approvals just made (one page, or a whole document): Ctrl+Z takes them back the page to select when the queue next arrives (an approval just taken back)</extracomment>
        <translation>全部</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>any</source>
        <translation>不限</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Only pages I can decide</source>
        <translation>只看我可审核的页面</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Worst sharpness first</source>
        <translation>最模糊的在前</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Oldest first</source>
        <translation>最早的在前</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Team</source>
        <translation>班组</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clerk</source>
        <translation>营业员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Business type</source>
        <translation>业务类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+404"/>
        <location line="+106"/>
        <source>Quality</source>
        <translation>质量</translation>
    </message>
    <message>
        <location line="-505"/>
        <location line="+406"/>
        <source>Captured</source>
        <translation>采集时间</translation>
    </message>
    <message>
        <location line="-405"/>
        <source>Sort</source>
        <translation>排序</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>No page selected</source>
        <translation>未选择页面</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Fit</source>
        <translation>适合窗口</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Fit to window (0)</source>
        <translation>适合窗口 (0)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Actual pixels (1)</source>
        <translation>实际像素 (1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom in (+)</source>
        <translation>放大 (+)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom out (-)</source>
        <translation>缩小 (-)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rotate left (Shift+R)</source>
        <translation>向左旋转 (Shift+R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rotate right (R)</source>
        <translation>向右旋转 (R)</translation>
    </message>
    <message>
        <location filename="../../src/archivist_desktop/ui/open_external.py" line="+30"/>
        <location filename="../../src/archivist_desktop/ui/review.py" line="+16"/>
        <source>Open in the system viewer</source>
        <translation>用系统查看器打开</translation>
    </message>
    <message>
        <location filename="../../src/archivist_desktop/ui/review.py" line="+43"/>
        <source>Approve (A)</source>
        <translation>通过 (A)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Flag for rescan… (F)</source>
        <translation>退回重拍… (F)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Approve whole document (Shift+A)</source>
        <translation>整份文件通过 (Shift+A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Undo approval (Ctrl+Z)</source>
        <translation>撤销通过 (Ctrl+Z)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Take back the approval just made, while the document has not been handed over</source>
        <translation>撤销刚才的审核通过（文件尚未移交时可撤销）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>◀ Previous (P)</source>
        <translation>◀ 上一页 (P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next (N) ▶</source>
        <translation>下一页 (N) ▶</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Decisions on this page</source>
        <translation>本页的审核记录</translation>
    </message>
    <message>
        <location line="+139"/>
        <source>{shown} of {waiting} waiting pages shown{counts}</source>
        <translation>待审核 {waiting} 页，显示 {shown} 页{counts}</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>No pages are waiting for your review.</source>
        <translation>没有等待您审核的页面。</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+142"/>
        <source>Loading page…</source>
        <translation>正在加载页面…</translation>
    </message>
    <message>
        <location line="-137"/>
        <location line="+167"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location line="-119"/>
        <source>Work order</source>
        <translation>工单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Document</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Page</source>
        <translation>页</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{n} of {total}</source>
        <translation>第 {n} 页，共 {total} 页</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+107"/>
        <source>Sharpness</source>
        <translation>清晰度</translation>
    </message>
    <message>
        <location line="-106"/>
        <source>Resolution</source>
        <translation>分辨率</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{dpi} dpi</source>
        <translation>{dpi} dpi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Captured by</source>
        <translation>采集人</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Gate</source>
        <translation>审核关口</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Content</source>
        <translation>内容</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>You cannot decide on this page: {why}</source>
        <translation>您不能审核此页：{why}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>None yet.</source>
        <translation>暂无。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>approved</source>
        <translation>通过</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>approval taken back</source>
        <translation>已撤销通过</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>flagged page {n}: {reason}</source>
        <translation>退回第 {n} 页：{reason}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>flagged: {reason}</source>
        <translation>退回：{reason}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>earlier</source>
        <translation>历史</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Replaced page (kept in the history)</source>
        <translation>已被替换的页面（保留在历史中）</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Showing an earlier page of this document (not in your queue).</source>
        <translation>正在显示该文件的历史页面（不在您的审核队列中）。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Earlier page, replaced by a rescan</source>
        <translation>历史页面，已被重拍页替换</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Page {n} of this document</source>
        <translation>本文件第 {n} 页</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>The page could not be shown: {error}</source>
        <translation>无法显示该页：{error}</translation>
    </message>
    <message>
        <location line="+119"/>
        <source>Flagged page {n}: a rescan task went to {clerk}.</source>
        <translation>已退回第 {n} 页：重拍任务已发给 {clerk}。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Flagged: a rescan task went to {clerk}.</source>
        <translation>已退回：重拍任务已发给 {clerk}。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Approved: the document is reviewed.</source>
        <translation>已通过：该文件审核完成。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Approved at gate {gate}.</source>
        <translation>第 {gate} 道关口已通过。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No approval to take back.</source>
        <translation>没有可撤销的审核通过。</translation>
    </message>
    <message numerus="yes">
        <location line="+18"/>
        <source>Approval taken back: %n page(s) waiting for review again.</source>
        <translation>
            <numerusform>已撤销通过：%n 页重新等待审核。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The approval was not taken back: {why}</source>
        <translation>未能撤销通过：{why}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Not recorded</source>
        <translation>未记录</translation>
    </message>
    <message>
        <location filename="../../src/archivist_desktop/ui/media_player.py" line="-2"/>
        <location filename="../../src/archivist_desktop/ui/open_external.py" line="-2"/>
        <source>Open in the system player</source>
        <extracomment>the kinds of page that open in the system&apos;s programs (a camera page is an image: not these)</extracomment>
        <translation>用系统播放器打开</translation>
    </message>
    <message>
        <location filename="../../src/archivist_desktop/ui/open_external.py" line="+5"/>
        <source>Play the recording in the computer&apos;s own media player (a copy; the original stays as stored)</source>
        <translation>用本机的媒体播放器播放录音录像（打开的是副本，原件保持不变）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open the file in the computer&apos;s own viewer (a copy; the original stays as stored)</source>
        <translation>用本机的查看程序打开文件（打开的是副本，原件保持不变）</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Opening…</source>
        <translation>正在打开…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Could not open the file: {error}</source>
        <translation>无法打开文件：{error}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Opened in the system&apos;s own program.</source>
        <translation>已用本机程序打开。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No program on this computer opens {name}.</source>
        <translation>本机没有可打开 {name} 的程序。</translation>
    </message>
</context>
<context>
    <name>SearchField</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/search.py" line="-167"/>
        <source>Search 户号, customer, work order, 档号, box, page text…</source>
        <translation>搜索户号、客户、工单、档号、盒号、页面文字…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Search by account number (户号), customer name, work-order number, archival code (档号), box number or the text on the pages</source>
        <translation>按户号、客户名称、工单号、档号、盒号或页面上的文字搜索</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Work order</source>
        <translation>工单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Volume</source>
        <translation>卷宗</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Box</source>
        <translation>档案盒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Page text</source>
        <translation>页面文字</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Nothing found</source>
        <translation>未找到</translation>
    </message>
</context>
<context>
    <name>ServiceErrors</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/errors.py" line="-104"/>
        <source>no checklist item {item_id}</source>
        <extracomment>code → English template (the service&apos;s message with ``{param}`` placeholders)</extracomment>
        <translation>没有资料清单项 {item_id}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no page {page_id}</source>
        <translation>没有页面 {page_id}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no work order {work_order}</source>
        <translation>没有工单 {work_order}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no work order with id {work_order_id}</source>
        <translation>没有 ID 为 {work_order_id} 的工单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>work order {work_order} has no document {document_type!r}</source>
        <translation>工单 {work_order} 中没有文件“{document_type}”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no customer with 户号 {customer_no}</source>
        <translation>没有户号为 {customer_no} 的客户</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>this document has been sent on; pages can no longer be added here</source>
        <translation>该文件已发送，不能再在此添加页面</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>only pages not yet sent for review can be removed or reordered</source>
        <translation>只有尚未发送审核的页面才能删除或调整顺序</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>that page is not part of this document</source>
        <translation>该页面不属于此文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a new order must list exactly the document&apos;s pages</source>
        <translation>新的顺序必须恰好包含该文件的全部页面</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>nothing to send: no captured documents in this work order</source>
        <translation>没有可发送的内容：此工单中没有已采集的文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the page is empty</source>
        <translation>页面为空</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>this document is archived: its pages can no longer change</source>
        <translation>该文件已归档，其页面不能再更改</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>this document is in a box (待移交卷宗): it takes no new pages</source>
        <translation>该文件已装盒（待上架），不能再添加页面</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name}: an image goes through the camera pipeline, not as a material</source>
        <translation>{name}：图片须通过拍摄流程处理，不能作为附件资料添加</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name}: nothing to show</source>
        <translation>{name}：没有可显示的内容</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a flag needs a reason: {reasons}</source>
        <translation>退回需要选择原因：{reasons}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a flag with the reason &apos;other&apos; needs a comment</source>
        <translation>原因为“其他”时必须填写说明</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an approval is for the whole file: only a flag can name one of its pages</source>
        <translation>审核通过针对整个文件：只有退回才能指定其中某一页</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no page {part} to flag: this file has {page_count} page(s) that a flag can name</source>
        <translation>没有可退回的第 {part} 页：此文件可按页退回的页数为 {page_count}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>this document is not waiting for review (it is {state})</source>
        <translation>该文件不在待审核状态（当前为：{state}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>this page is no longer part of its document (it was replaced)</source>
        <translation>该页面已不属于其文件（已被替换）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>this page was flagged for rescan: the recaptured page takes its place</source>
        <translation>该页面已退回重拍：将由重拍的页面替代</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>this page has been approved at every gate already</source>
        <translation>该页面已通过全部审核环节</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the pages of this document left to decide are flagged for rescan</source>
        <translation>该文件尚待审核的页面均已退回重拍</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>every page of this document has been approved already</source>
        <translation>该文件的所有页面均已审核通过</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no approval to take back</source>
        <translation>没有可撤销的审核通过</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>only the reviewer who approved a page can take the approval back</source>
        <translation>只有审核通过该页面的审核人才能撤销</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the document has moved on (it is {state}): its approvals can no longer be taken back</source>
        <translation>该文件已进入下一环节（当前为：{state}），其审核结果不能再撤销</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>this approval has been taken back already</source>
        <translation>该审核通过已被撤销</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a later review gate has approved this page since: that approval comes first</source>
        <translation>后续审核环节已通过此页面：需先撤销该环节的审核</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>page {page_id} could not be decoded</source>
        <translation>页面 {page_id} 无法解码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the password must be at least {minimum} characters long</source>
        <translation>密码至少需要 {minimum} 个字符</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the password must not contain the user name</source>
        <translation>密码不能包含用户名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a user needs a name and a password</source>
        <translation>用户需要用户名和密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>user {username!r} already exists</source>
        <translation>用户“{username}”已存在</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>only an archivist may {action} (you are signed in as {role})</source>
        <translation>只有档案员可以执行此操作（您当前的角色：{role}）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>nothing to receive: scan a work-order barcode or pick documents</source>
        <translation>没有可接收的内容：请扫描工单条码或选择文件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>work order {work_order} has no reviewed documents waiting for hand-over</source>
        <translation>工单 {work_order} 没有待移交的已审核文件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>a document is {state}, not reviewed: only reviewed documents are handed over</source>
        <translation>有文件处于“{state}”状态，尚未审核：只有已审核的文件才能移交</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{customer} has no received documents waiting for a volume</source>
        <translation>{customer} 没有已接收待组卷的文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>volume {volume} is empty: file documents in it first</source>
        <translation>卷宗 {volume} 为空：请先将文件归入其中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>box {box} is empty: nothing to shelve</source>
        <translation>档案盒 {box} 为空：没有可上架的内容</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>role {role!r} may not {permission} documents of type {document_type!r}</source>
        <translation>{role}无权{permission}“{document_type}”</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>nobody may review a page they captured</source>
        <translation>任何人都不能审核自己采集的页面</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>role {role!r} does not decide at the {gate} gate</source>
        <translation>{role}不参与“{gate}”环节的审核</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>one person approves a page at one gate only</source>
        <translation>同一人只能在一个审核环节通过同一页面</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{what} needs an administrator; {username} is a {role}</source>
        <translation>{what} 需要管理员执行；{username} 的角色是{role}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{username} belongs to unit {user_unit}: work order {work_order} belongs to unit {unit}, outside it</source>
        <translation>{username} 属于单位 {user_unit}：工单 {work_order} 属于单位 {unit}，不在其管辖范围内</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{username} belongs to unit {user_unit}: customer {customer_no} belongs to unit {unit}, outside it</source>
        <translation>{username} 属于单位 {user_unit}：户号 {customer_no} 的客户属于单位 {unit}，不在其管辖范围内</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/app.py" line="+165"/>
        <source>Preparing fresh demo data in {path}…
This takes a few seconds.</source>
        <extracomment>a file in every demo data directory, so that a later ``--demo`` may wipe it and nothing else</extracomment>
        <translation>正在 {path} 中准备全新的演示数据…
需要几秒钟。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Opening {path}…</source>
        <translation>正在打开 {path}…</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+76"/>
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
    <name>StationPage</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/first_run.py" line="+41"/>
        <source>A station name is required.</source>
        <translation>必须填写工作站名称。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>At most 64 characters, please.</source>
        <translation>最多 64 个字符。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use letters, digits, spaces and - _ . · ( ) # only.</source>
        <translation>只能使用字母、数字、空格及 - _ . · ( ) #。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>This workstation</source>
        <translation>本工作站</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Give this PC a name that people recognise.</source>
        <translation>给这台电脑起一个大家认得出的名字。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Station &amp;name:</source>
        <translation>工作站名称(&amp;N)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. East Hall counter 1</source>
        <translation>例如：东区营业厅 1 号柜台</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The name identifies this workstation in audit records, in the central database and on reports.</source>
        <translation>该名称用于在审计记录、中心数据库和报表中识别本工作站。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Data directory: {path}</source>
        <translation>数据目录：{path}</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <location line="+621"/>
        <source>not used — this station works on its own</source>
        <translation>不使用 — 本工作站独立工作</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>connection not tested</source>
        <translation>未测试连接</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>connection tested</source>
        <translation>连接已测试</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>connection test failed; the station syncs once the database answers</source>
        <translation>连接测试失败；数据库可用后工作站会自动同步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{url} as {user} ({state})</source>
        <translation>{url}，用户 {user}（{state}）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{name} ({username}), created on Finish</source>
        <translation>{name}（{username}），点击“完成”时创建</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>users come from the central database</source>
        <translation>用户来自中心数据库</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the station&apos;s existing users</source>
        <translation>沿用本站现有用户</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Summary</source>
        <translation>汇总</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the set-up, then press Finish to save it.</source>
        <translation>请检查设置，然后按“完成”保存。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Station name:</source>
        <translation>工作站名称：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Camera:</source>
        <translation>摄像头：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Central database:</source>
        <translation>中心数据库：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Administrator:</source>
        <translation>管理员：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data directory:</source>
        <translation>数据目录：</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/sync_status.py" line="+71"/>
        <source>No central database: this station works on its own</source>
        <extracomment>the indicator&apos;s states how many set-aside rows the tooltip names one by one rows the centre refused and this station set aside: [{&quot;table&quot;, &quot;key&quot;, &quot;reason&quot;}]</extracomment>
        <translation>未配置中心数据库：本工作站独立运行</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Syncing with the central database…</source>
        <translation>正在与中心数据库同步…</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>{n} change(s) still to send</source>
        <translation>还有 {n} 项变更待发送</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Up to date: sent {pushed}, received {pulled}</source>
        <translation>已同步：发送 {pushed}，接收 {pulled}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Central database unreachable; local work is kept and will be sent later</source>
        <translation>无法连接中心数据库；本地数据已保留，稍后发送</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sync failed: {error}</source>
        <translation>同步失败：{error}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{n} row(s) set aside: the central database refused them</source>
        <translation>{n} 条记录被搁置：中心数据库拒收</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{table} {key}: {reason}</source>
        <translation>{table} {key}：{reason}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>… and {n} more</source>
        <translation>…… 另有 {n} 条</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fix them, then run `archivist-desktop sync --retry-rejected`</source>
        <translation>修正后运行 `archivist-desktop sync --retry-rejected`</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <location line="+50"/>
        <source>● Synced</source>
        <translation>● 已同步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>⟳ Syncing</source>
        <translation>⟳ 同步中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>● Changes pending</source>
        <translation>● 有待同步的变更</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>● Offline</source>
        <translation>● 离线</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>● Sync failed</source>
        <translation>● 同步失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>○ Local only</source>
        <translation>○ 仅本地</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>○ Not synced yet</source>
        <translation>○ 尚未同步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>● {n} row(s) set aside</source>
        <translation>● {n} 条记录被搁置</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Click to sync now</source>
        <translation>点击立即同步</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>page files</source>
        <translation>页面文件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>changes</source>
        <translation>变更</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>received</source>
        <translation>已接收</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>records</source>
        <translation>记录</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>⟳ Syncing {what} {done}/{total}</source>
        <translation>⟳ 正在同步{what} {done}/{total}</translation>
    </message>
</context>
<context>
    <name>WorkOrderListModel</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/models.py" line="-285"/>
        <source>Work order</source>
        <extracomment>text / background colours; states always carry text too, never colour alone</extracomment>
        <translation>工单号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Account no.</source>
        <translation>户号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer</source>
        <translation>客户名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Business type</source>
        <translation>业务类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Current step</source>
        <translation>当前环节</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deadline</source>
        <translation>时限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Missing</source>
        <translation>缺件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Required documents of completed steps that have no pages yet</source>
        <translation>已完成环节中尚未采集的必备资料份数</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>All steps done</source>
        <translation>全部环节已完成</translation>
    </message>
    <message>
        <location line="+27"/>
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
        <location filename="../../src/archivist_desktop/ui/orders.py" line="+50"/>
        <source>Search account no., customer name or work order no.  (Ctrl+F)</source>
        <translation>搜索户号、客户名称或工单号（Ctrl+F）</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Work orders</source>
        <translation>工单列表</translation>
    </message>
    <message>
        <location line="+103"/>
        <source>Could not load the work orders: {error}</source>
        <translation>无法加载工单：{error}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No work order matches “{search}”</source>
        <translation>没有与“{search}”匹配的工单</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No work orders yet — use File → Import work orders…</source>
        <translation>暂无工单 — 请使用“文件 → 导入工单…”</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Showing {shown} of {total} work orders — scroll down for more</source>
        <translation>已显示 {shown} / {total} 个工单，向下滚动可加载更多</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
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
<context>
    <name>w</name>
    <message>
        <location filename="../../src/archivist_desktop/ui/dashboard_hub.py" line="-38"/>
        <source>Search</source>
        <extracomment>reminder counts are re-read this often while the client runs: time alone moves items into new categories (due soon, overdue), which no write announces. Not a refresh-after-action timer: writes say what changed.</extracomment>
        <translation>搜索</translation>
    </message>
</context>
</TS>
