import { Cron } from 'croner';
import { z } from 'zod';

/**
 * The one settings schema. The same schema validates the user's settings (electron-store or the
 * Chromium shell's settings file) and IT's policy file, so a key means the same everywhere.
 * Every section has complete defaults: an empty object is a valid configuration. Each field's
 * `.describe()` (English) and `.meta({ zh })` (Chinese) are what IT reads in docs/SETTINGS.md and
 * the Group Policy templates (scripts/policy-templates.ts), generated from here.
 */
const httpUrl = z.url({ protocol: /^https?$/ });

const general = z
  .object({
    whatsappUrl: httpUrl
      .default('https://web.whatsapp.com/')
      .describe('The WhatsApp Web address the kiosk opens (http or https).')
      .meta({ zh: '信息亭打开的 WhatsApp Web 地址（http 或 https）。' }),
    extraAllowedOrigins: z
      .array(httpUrl)
      .default([])
      .describe("Origins besides the WhatsApp URL's own that the WhatsApp view may navigate to.")
      .meta({ zh: '除 WhatsApp 地址本身的源之外，WhatsApp 视图还可以访问的源。' }),
    language: z
      .enum(['system', 'en', 'zh'])
      .default('system')
      .describe("The language of the kiosk's own pages; `system` follows the operating system.")
      .meta({ zh: '信息亭自身页面的语言；`system` 跟随操作系统。' }),
  })
  .strict();

const kiosk = z
  .object({
    fullscreen: z
      .boolean()
      .default(false)
      .describe('Run as a fullscreen kiosk window the agent cannot leave.')
      .meta({ zh: '以全屏信息亭窗口运行，坐席无法退出。' }),
    seatId: z
      .string()
      .min(1)
      .max(64)
      .default('seat')
      .describe('Workstation id reported to the hub and in the status endpoint.')
      .meta({ zh: '上报给中心和状态端点的工作站标识。' }),
  })
  .strict();

const health = z
  .object({
    probeIntervalMs: z
      .int()
      .min(250)
      .max(60_000)
      .default(2_000)
      .describe('How often the probe in the WhatsApp page reports, in milliseconds.')
      .meta({ zh: 'WhatsApp 页面中的探针多久报告一次（毫秒）。' }),
    probeSilenceMs: z
      .int()
      .min(1_000)
      .max(300_000)
      .default(10_000)
      .describe('A probe that has said nothing for this long (ms) counts as a frozen page.')
      .meta({ zh: '探针沉默这么久（毫秒）即视为页面冻结。' }),
    networkProbeIntervalMs: z
      .int()
      .min(1_000)
      .max(600_000)
      .default(15_000)
      .describe('How often the main process checks the network and WhatsApp over HTTP, in milliseconds.')
      .meta({ zh: '主进程通过 HTTP 检查网络和 WhatsApp 的间隔（毫秒）。' }),
    networkProbeTimeoutMs: z
      .int()
      .min(250)
      .max(60_000)
      .default(5_000)
      .describe('Time-out of one network probe, in milliseconds.')
      .meta({ zh: '单次网络探测的超时（毫秒）。' }),
    suspicionProbeGapMs: z
      .int()
      .min(50)
      .max(10_000)
      .default(300)
      .describe(
        'A suspicion (socket left CONNECTED, banner, offline, crash, failed load) starts a burst of failuresToDown network rounds this far apart (ms), so a fault is coded in about a second.',
      )
      .meta({
        zh: '出现可疑信号（连接离开 CONNECTED、横幅、离线、崩溃、加载失败）时，按此间隔（毫秒）连续做 failuresToDown 轮网络探测，约一秒内确认故障。',
      }),
    suspicionRoundsPerMinute: z
      .int()
      .min(0)
      .max(120)
      .default(20)
      .describe('At most this many extra rounds of network probes a minute for suspicions (0: no bursts, the interval alone).')
      .meta({ zh: '每分钟因可疑信号额外探测的轮数上限（0：不做突发探测，只按间隔）。' }),
    slowResponseMs: z
      .int()
      .min(50)
      .max(60_000)
      .default(3_000)
      .describe('A WhatsApp answer slower than this (ms) counts as an unstable connection.')
      .meta({ zh: 'WhatsApp 响应慢于此值（毫秒）即视为连接不稳定。' }),
    independentProbeUrl: httpUrl
      .default('https://www.msftconnecttest.com/connecttest.txt')
      .describe('An address outside WhatsApp, to tell "our network is down" from "WhatsApp is down".')
      .meta({ zh: 'WhatsApp 之外的一个地址，用于区分“本机网络断了”和“WhatsApp 宕机了”。' }),
    failuresToDown: z
      .int()
      .min(1)
      .max(20)
      .default(3)
      .describe('Consecutive failing reports of one source before a fault counts as down.')
      .meta({ zh: '同一信号源连续失败多少次后判定为故障。' }),
    healthyStableMs: z
      .int()
      .min(0)
      .max(3_600_000)
      .default(30_000)
      .describe('How long (ms) everything must look healthy before a down state is cleared.')
      .meta({ zh: '一切正常持续多久（毫秒）后才解除故障状态。' }),
    pendingMessageTimeoutMs: z
      .int()
      .min(1_000)
      .max(3_600_000)
      .default(60_000)
      .describe('An outgoing message still not sent after this long (ms) means WhatsApp is down.')
      .meta({ zh: '外发消息超过这么久（毫秒）仍未发出，即判定 WhatsApp 故障。' }),
    qrTimeoutMs: z
      .int()
      .min(1_000)
      .max(600_000)
      .default(45_000)
      .describe('A login QR code that does not appear within this long (ms) is a fault.')
      .meta({ zh: '登录二维码在这么久（毫秒）内没有出现即为故障。' }),
    loadingTimeoutMs: z
      .int()
      .min(1_000)
      .max(600_000)
      .default(60_000)
      .describe('WhatsApp still loading after this long (ms) is a fault.')
      .meta({ zh: 'WhatsApp 加载超过这么久（毫秒）即为故障。' }),
    firstSyncTimeoutMs: z
      .int()
      .min(1_000)
      .max(3_600_000)
      .default(600_000)
      .describe('The first load after linking downloads the account history: it may take this long (ms) before it is a fault.')
      .meta({ zh: '关联后的首次加载要下载账号历史：超过这么久（毫秒）才视为故障。' }),
    memoryLimitMb: z
      .int()
      .min(1)
      .max(64_000)
      .default(1_500)
      .describe("The WhatsApp page's memory (MB) above which it is reloaded.")
      .meta({ zh: 'WhatsApp 页面内存（MB）超过此值时重新加载。' }),
  })
  .strict();

const recovery = z
  .object({
    maxActionsPerWindow: z
      .int()
      .min(0)
      .max(20)
      .default(3)
      .describe('Each healing action may run at most this many times within the window.')
      .meta({ zh: '每种修复操作在时间窗口内最多执行的次数。' }),
    windowMs: z
      .int()
      .min(1_000)
      .max(3_600_000)
      .default(60_000)
      .describe('The rolling window (ms) of the healing cap.')
      .meta({ zh: '修复次数上限的滚动时间窗口（毫秒）。' }),
  })
  .strict();

const failover = z
  .object({
    graceMs: z
      .int()
      .min(0)
      .max(3_600_000)
      .default(20_000)
      .describe('Stay on WhatsApp this long (ms) after it is detected down, to let healing work.')
      .meta({ zh: '检测到 WhatsApp 故障后仍停留这么久（毫秒），让自动修复先起作用。' }),
    typingHoldMs: z
      .int()
      .min(0)
      .max(600_000)
      .default(15_000)
      .describe('Do not switch back while the agent typed in the failover pane this recently (ms).')
      .meta({ zh: '坐席在故障转移面板中最近这么久（毫秒）内有输入时，不切换回 WhatsApp。' }),
    rtoMinutes: z
      .number()
      .positive()
      .max(10_080)
      .default(15)
      .describe('Recovery time objective of an incident, in minutes.')
      .meta({ zh: '事件的恢复时间目标（分钟）。' }),
    mtdMinutes: z
      .number()
      .positive()
      .max(10_080)
      .default(240)
      .describe('Maximum tolerable downtime of an incident, in minutes.')
      .meta({ zh: '事件的最大可容忍中断时间（分钟）。' }),
  })
  .strict();

const statusEndpoint = z
  .object({
    enabled: z
      .boolean()
      .default(false)
      .describe('Serve the read-only status endpoint on the loopback address.')
      .meta({ zh: '在本机回环地址上提供只读的状态端点。' }),
    port: z
      .int()
      .min(0)
      .max(65_535)
      .default(17_321)
      .describe('Port of the status endpoint (0: any free port).')
      .meta({ zh: '状态端点的端口（0：任意空闲端口）。' }),
  })
  .strict();

const contacts = z
  .object({
    defaultRegion: z
      .string()
      .regex(/^[A-Z]{2}$/, 'a two-letter ISO country code such as US or CN')
      .default('US')
      .describe("Numbers written without a country code are read as this country's (ISO 3166 code, e.g. US, CN).")
      .meta({ zh: '未写国家代码的号码按此国家解读（ISO 3166 代码，如 US、CN）。' }),
    syncIntervalMs: z
      .int()
      .min(5_000)
      .max(86_400_000)
      .default(300_000)
      .describe('How often (ms) the WhatsApp address book is read again when nothing on screen changed.')
      .meta({ zh: '屏幕无变化时，多久（毫秒）重新读取一次 WhatsApp 通讯录。' }),
  })
  .strict();

const backups = z
  .object({
    schedule: z
      .string()
      .max(100)
      .refine(isCronPattern, 'a cron expression such as "0 */6 * * *"')
      .default('0 */6 * * *')
      .describe('Cron expression (minute hour day month weekday) for the scheduled database backup.')
      .meta({ zh: '定时数据库备份的 cron 表达式（分 时 日 月 周）。' }),
    keep: z
      .int()
      .min(1)
      .max(1_000)
      .default(28)
      .describe('How many backups to keep; older ones are deleted.')
      .meta({ zh: '保留的备份个数；更早的备份会被删除。' }),
    dir: z
      .string()
      .min(1)
      .optional()
      .describe('Where backups go; default `backups/` in the user-data folder.')
      .meta({ zh: '备份存放位置；默认为用户数据文件夹中的 `backups/`。' }),
    // A restore replaces the workstation's data, so IT may lock this to false in the policy.
    restoreAllowed: z
      .boolean()
      .default(true)
      .describe('Whether whoever sits at the kiosk may restore a backup from the Contacts panel.')
      .meta({ zh: '坐在信息亭前的人是否可以从联系人面板恢复备份。' }),
  })
  .strict();

const chromium = z
  .object({
    executablePath: z
      .string()
      .min(1)
      .default('/usr/bin/chromium')
      .describe('The Chromium binary of the Chromium shell.')
      .meta({ zh: 'Chromium 外壳使用的 Chromium 可执行文件。' }),
    headless: z
      .boolean()
      .default(false)
      .describe('Run the Chromium shell without a window (tests, demos).')
      .meta({ zh: '无窗口运行 Chromium 外壳（用于测试、演示）。' }),
    profileDir: z
      .string()
      .min(1)
      .optional()
      .describe("WhatsApp's browser profile of the Chromium shell; default `chromium-profile/` in the user-data folder.")
      .meta({ zh: 'Chromium 外壳的 WhatsApp 浏览器配置目录；默认为用户数据文件夹中的 `chromium-profile/`。' }),
  })
  .strict();

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const updates = z
  .object({
    // An MSI install is IT's to update: the updater stays off there whatever this says.
    enabled: z
      .boolean()
      .default(true)
      .describe('Whether the kiosk downloads and installs updates from the feed (never for MSI installs).')
      .meta({ zh: '信息亭是否从更新源下载并安装更新（MSI 安装从不自动更新）。' }),
    feedUrl: httpUrl
      .optional()
      .describe('The IT-hosted update feed (the folder holding latest.yml and the installers); no feed, no updates.')
      .meta({ zh: 'IT 托管的更新源（存放 latest.yml 和安装包的文件夹）；没有更新源就没有更新。' }),
    channel: z
      .enum(['stable', 'beta'])
      .default('stable')
      .describe('Which release channel of the feed to follow.')
      .meta({ zh: '跟随更新源的哪个发布通道。' }),
    pinnedVersion: z
      .string()
      .regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, 'a version such as 1.4.2')
      .optional()
      .describe('Install only this version (when the feed offers it) and nothing newer.')
      .meta({ zh: '只安装这个版本（更新源提供时），不安装更新的版本。' }),
    checkIntervalMs: z
      .int()
      .min(900_000)
      .max(604_800_000)
      .default(14_400_000)
      .describe('How often (ms) the feed is asked for a new version.')
      .meta({ zh: '多久（毫秒）向更新源查询一次新版本。' }),
    workingHours: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, 'hours such as 08:00-20:00')
      .default('08:00-20:00')
      .describe('Local hours of the working day (HH:MM-HH:MM); a downloaded update waits until they are over, or for quit.')
      .meta({ zh: '工作日的本地工作时间（HH:MM-HH:MM）；已下载的更新等到工作时间结束或退出时再安装。' }),
    workingDays: z
      .array(z.enum(WEEKDAYS))
      .default(['mon', 'tue', 'wed', 'thu', 'fri'])
      .describe('Days with working hours (mon … sun); on other days an update may install whenever the seat is quiet.')
      .meta({ zh: '有工作时间的日子（mon … sun）；其他日子里，坐席空闲时即可安装更新。' }),
  })
  .strict();

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time as HH:MM');

/** A maintenance window in local time; an end before the start runs past midnight. */
const maintenanceWindow = z
  .object({
    days: z
      .array(z.int().min(0).max(6))
      .min(1)
      .max(7)
      .default([0, 1, 2, 3, 4, 5, 6])
      .describe('Days of the week the window starts on, 0 = Sunday … 6 = Saturday.')
      .meta({ zh: '时段在一周中的哪几天开始，0 = 周日 … 6 = 周六。' }),
    start: hhmm.describe('Start of the window, local time HH:MM.').meta({ zh: '时段开始时间，本地时间 HH:MM。' }),
    end: hhmm
      .describe('End of the window, local time HH:MM; before the start, the window runs past midnight.')
      .meta({ zh: '时段结束时间，本地时间 HH:MM；早于开始时间则跨过午夜。' }),
  })
  .strict()
  .refine((window) => window.start !== window.end, 'a window needs an end different from its start');

const maintenance = z
  .object({
    enabled: z
      .boolean()
      .default(true)
      .describe('Run preventive maintenance: the scheduled tasks (cache purge, housekeeping) and the memory watch with its reload.')
      .meta({ zh: '运行预防性维护：定时任务（清理缓存、数据整理）以及内存监视和重新加载。' }),
    windows: z
      .array(maintenanceWindow)
      .max(20)
      .default([{ days: [0, 1, 2, 3, 4, 5, 6], start: '03:00', end: '05:00' }])
      .describe(
        'When the scheduled tasks (cache purge, housekeeping) may run: windows `{days, start, end}` in local time (days 0 = Sunday, HH:MM; an end before the start runs past midnight). A missed window is caught up later.',
      )
      .meta({
        zh: '定时任务（清理缓存、数据整理）可以运行的时段：本地时间的 `{days, start, end}`（days 中 0 = 周日，时间为 HH:MM；结束早于开始则跨过午夜）。错过的时段稍后补做。',
      }),
    checkIntervalMs: z
      .int()
      .min(1_000)
      .max(3_600_000)
      .default(60_000)
      .describe('How often (ms) the scheduler looks whether a maintenance task is due.')
      .meta({ zh: '调度器多久（毫秒）检查一次是否有维护任务到期。' }),
    catchUpDelayMs: z
      .int()
      .min(0)
      .max(3_600_000)
      .default(300_000)
      .describe('After start-up or a wake-up, a missed window is caught up only after this settling time (ms).')
      .meta({ zh: '启动或唤醒后，等待这么久（毫秒）才补做错过的维护时段。' }),
    idleAfterMs: z
      .int()
      .min(0)
      .max(3_600_000)
      .default(60_000)
      .describe(
        'The agent counts as active for this long (ms) after they last typed (WhatsApp or the failover pane); maintenance waits meanwhile.',
      )
      .meta({ zh: '坐席最后一次输入（WhatsApp 或故障转移面板）后这么久（毫秒）内仍视为活跃，维护在此期间等待。' }),
    purgeMinIntervalHours: z
      .number()
      .min(0)
      .max(24 * 90)
      .default(20)
      .describe('At least this long (hours) between two cache purges, and between two housekeeping runs.')
      .meta({ zh: '两次清理缓存之间（以及两次数据整理之间）至少间隔这么久（小时）。' }),
    memorySampleMs: z
      .int()
      .min(1_000)
      .max(3_600_000)
      .default(60_000)
      .describe("How often (ms) the WhatsApp page's memory is sampled for the memory watch.")
      .meta({ zh: '多久（毫秒）采样一次 WhatsApp 页面的内存，用于内存监视。' }),
    memoryReloadMb: z
      .int()
      .min(50)
      .max(64_000)
      .default(1_200)
      .describe("The WhatsApp page's memory (MB) above which it is reloaded at the next idle moment.")
      .meta({ zh: 'WhatsApp 页面内存（MB）超过此值时，在下一个空闲时刻重新加载。' }),
    memoryGrowthMbPerHour: z
      .number()
      .min(1)
      .max(64_000)
      .default(150)
      .describe('Memory that grows faster than this (MB an hour) over `memoryGrowthWindowMs` gets a reload at the next idle moment too.')
      .meta({ zh: '内存在 `memoryGrowthWindowMs` 内的增长快于此值（MB/小时）时，同样在下一个空闲时刻重新加载。' }),
    memoryGrowthWindowMs: z
      .int()
      .min(60_000)
      .max(86_400_000)
      .default(3 * 3_600_000)
      .describe('The span (ms) over which memory growth is measured; samples must cover most of it before growth counts.')
      .meta({ zh: '衡量内存增长的时间跨度（毫秒）；采样覆盖其大部分后才计算增长。' }),
    memoryReloadMinIntervalMs: z
      .int()
      .min(60_000)
      .max(7 * 86_400_000)
      .default(4 * 3_600_000)
      .describe('At most one memory reload within this long (ms).')
      .meta({ zh: '这么长时间（毫秒）内最多因内存重新加载一次。' }),
    diskFloorMb: z
      .int()
      .min(0)
      .max(1_000_000)
      .default(500)
      .describe(
        'Free space (MB) in the user-data folder below which no database backup is written and housekeeping and diagnostics report a failure; below twice this, a warning.',
      )
      .meta({ zh: '用户数据文件夹的可用空间（MB）低于此值时，不再写数据库备份，数据整理和诊断报告失败；低于其两倍时给出警告。' }),
    incidentRetentionDays: z
      .int()
      .min(1)
      .max(3_650)
      .default(180)
      .describe('Closed (recovered) incidents older than this many days are pruned by housekeeping.')
      .meta({ zh: '已恢复（关闭）超过这么多天的事件由数据整理删除。' }),
    runRetentionDays: z
      .int()
      .min(1)
      .max(3_650)
      .default(90)
      .describe('Maintenance run records older than this many days are pruned by housekeeping.')
      .meta({ zh: '超过这么多天的维护运行记录由数据整理删除。' }),
    minBrowserMajor: z
      .int()
      .min(1)
      .max(10_000)
      .default(120)
      .describe("WhatsApp Web's minimum Chrome major version: an older browser is logged for IT and fails diagnostics.")
      .meta({ zh: 'WhatsApp Web 要求的最低 Chrome 主版本号：更旧的浏览器会记录给 IT，并在诊断中报告。' }),
    deepResetAllowed: z
      .boolean()
      .default(false)
      .describe(
        "Allow the deep reset from the diagnostics panel, with confirmation: it clears all of WhatsApp's storage and logs WhatsApp out.",
      )
      .meta({ zh: '允许在诊断面板中（经确认后）执行深度重置：清除 WhatsApp 的全部存储并退出 WhatsApp 登录。' }),
  })
  .strict();

const offlineQueue = z
  .object({
    autoSend: z
      .boolean()
      .default(false)
      .describe(
        "Replay sends each queued WhatsApp reply with a real Enter key press, without waiting for the agent's. Off: the agent sees each draft and presses Enter.",
      )
      .meta({ zh: '重放时用真实的回车键自动发送每条排队的 WhatsApp 回复，不等坐席按键。关闭时：坐席查看每条草稿并自己按回车。' }),
    stableMs: z
      .int()
      .min(0)
      .max(600_000)
      .default(10_000)
      .describe('WhatsApp must have been healthy, in front and on its chats this long (ms) after an outage before the queue is replayed.')
      .meta({ zh: '故障后，WhatsApp 须在前台、处于聊天列表且保持正常这么久（毫秒），才开始重放队列。' }),
    openTimeoutMs: z
      .int()
      .min(1_000)
      .max(300_000)
      .default(20_000)
      .describe('A chat (or draft) opened by a `/send` link that does not show within this long (ms) is opened again.')
      .meta({ zh: '通过 `/send` 链接打开的聊天（或草稿）在这么久（毫秒）内没有出现，就重新打开。' }),
    confirmTimeoutMs: z
      .int()
      .min(1_000)
      .max(600_000)
      .default(30_000)
      .describe(
        'A draft sent (Enter pressed) that does not show in the chat within this long (ms) is checked again in the chat, never resent blindly.',
      )
      .meta({ zh: '已发送（已按回车）的草稿在这么久（毫秒）内未出现在聊天中，就重新检查聊天，绝不盲目重发。' }),
  })
  .strict();

/**
 * Where a secret comes from; never the secret itself in settings. `env` and `file` serve the
 * Chromium shell (an environment variable's name, a file's path); `safeStorage` is a value the
 * Electron shell encrypted with the OS keychain (base64), only that shell can read it.
 */
const secretRef = z.union([
  z.object({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name') }).strict(),
  z.object({ file: z.string().min(1).max(1_000) }).strict(),
  z.object({ safeStorage: z.base64().min(1).max(10_000) }).strict(),
]);
export type SecretRef = z.infer<typeof secretRef>;

const email = z
  .object({
    host: z
      .string()
      .max(255)
      .default('')
      .describe("The company's SMTP server for email from the failover pane; empty: no email channel.")
      .meta({ zh: '故障转移面板发送邮件所用的公司 SMTP 服务器；为空则没有邮件渠道。' }),
    port: z.int().min(1).max(65_535).default(587).describe('Port of the SMTP server.').meta({ zh: 'SMTP 服务器的端口。' }),
    security: z
      .enum(['tls', 'starttls', 'none'])
      .default('starttls')
      .describe('`tls`: TLS from the first byte (port 465); `starttls`: upgrade to TLS required; `none`: no TLS, for loopback tests only.')
      .meta({ zh: '`tls`：从第一个字节起使用 TLS（端口 465）；`starttls`：必须升级到 TLS；`none`：不用 TLS，仅用于本机回环测试。' }),
    user: z
      .string()
      .max(320)
      .optional()
      .describe('User name to log in to the SMTP server; none: no login.')
      .meta({ zh: '登录 SMTP 服务器的用户名；不设置则不登录。' }),
    password: secretRef
      .optional()
      .describe(
        'Where the SMTP password comes from, never the password itself: `{"env": NAME}`, `{"file": path}` or `{"safeStorage": base64}` (Electron shell only).',
      )
      .meta({
        zh: 'SMTP 密码的来源，绝不是密码本身：`{"env": NAME}`、`{"file": path}` 或 `{"safeStorage": base64}`（仅 Electron 外壳）。',
      }),
    from: z
      .email()
      .optional()
      .describe('Sender address of the emails (also the domain of their Message-ID); none: email cannot be sent.')
      .meta({ zh: '邮件的发件人地址（也是 Message-ID 的域名）；不设置则无法发送邮件。' }),
    fromName: z
      .string()
      .max(200)
      .optional()
      .describe('Display name shown with the sender address.')
      .meta({ zh: '与发件人地址一同显示的名称。' }),
    timeoutMs: z
      .int()
      .min(1_000)
      .max(300_000)
      .default(30_000)
      .describe("Time-out (ms) of the connection, the greeting and each command's reply; a slower server counts as a temporary failure.")
      .meta({ zh: '连接、问候及每条命令应答的超时（毫秒）；更慢的服务器视为暂时失败。' }),
  })
  .strict();

const httpChannel = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lower-case letters, digits, - and _')
      .describe("What the agent picks; also the outbox's channel name.")
      .meta({ zh: '坐席选择的名称；也是发件箱中的渠道名。' }),
    kind: z
      .enum(['sms', 'messenger'])
      .describe('What kind of channel it is: SMS or another messenger.')
      .meta({ zh: '渠道类型：短信或其他即时通讯。' }),
    url: httpUrl.describe("The gateway's address (http or https).").meta({ zh: '网关地址（http 或 https）。' }),
    method: z
      .enum(['POST', 'PUT', 'GET'])
      .default('POST')
      .describe('HTTP method; with GET the body fields go into the query string.')
      .meta({ zh: 'HTTP 方法；使用 GET 时，请求体字段放入查询字符串。' }),
    headers: z
      .record(z.string().regex(/^[A-Za-z0-9-]{1,100}$/), z.string().max(2_000))
      .default({})
      .describe('Extra HTTP headers sent with each request.')
      .meta({ zh: '每个请求附带的额外 HTTP 头。' }),
    auth: z
      .union([
        z.object({ type: z.literal('bearer'), token: secretRef }).strict(),
        z.object({ type: z.literal('basic'), user: z.string().max(320), password: secretRef }).strict(),
      ])
      .optional()
      .describe('Authorization header: `bearer` with a token, or `basic` with user and password; secrets by reference.')
      .meta({ zh: 'Authorization 头：`bearer` 加令牌，或 `basic` 加用户名和密码；密钥均以引用给出。' }),
    body: z
      .object({
        format: z
          .enum(['json', 'form'])
          .default('json')
          .describe('`json`: the fields as a JSON body; `form`: url-encoded.')
          .meta({ zh: '`json`：字段作为 JSON 请求体；`form`：URL 编码。' }),
        fields: z
          .record(z.string().max(100), z.string().max(2_000))
          .describe('Field name to template; placeholders {to} {text} {messageId}.')
          .meta({ zh: '字段名到模板的映射；占位符 {to} {text} {messageId}。' }),
      })
      .strict()
      .describe('The request body (query string for GET).')
      .meta({ zh: '请求体（GET 时为查询字符串）。' }),
    success: z
      .object({
        statusMin: z
          .int()
          .min(100)
          .max(599)
          .default(200)
          .describe('Lowest HTTP status that counts as sent.')
          .meta({ zh: '视为发送成功的最低 HTTP 状态码。' }),
        statusMax: z
          .int()
          .min(100)
          .max(599)
          .default(299)
          .describe('Highest HTTP status that counts as sent.')
          .meta({ zh: '视为发送成功的最高 HTTP 状态码。' }),
        jsonPath: z
          .string()
          .max(200)
          .optional()
          .describe('Dotted path into the JSON answer (`result.status`) that must be present, or equal `equals`.')
          .meta({ zh: 'JSON 应答中的点分路径（如 `result.status`），其值须存在，或等于 `equals`。' }),
        equals: z
          .union([z.string(), z.number(), z.boolean()])
          .optional()
          .describe('The value `jsonPath` must equal.')
          .meta({ zh: '`jsonPath` 必须等于的值。' }),
      })
      .strict()
      .default({ statusMin: 200, statusMax: 299 })
      .describe("When the gateway's answer counts as sent.")
      .meta({ zh: '网关应答何时视为发送成功。' }),
    timeoutMs: z
      .int()
      .min(500)
      .max(120_000)
      .default(15_000)
      .describe('Time-out (ms) of one request; no answer counts as a temporary failure.')
      .meta({ zh: '单次请求的超时（毫秒）；无应答视为暂时失败。' }),
  })
  .strict();

const channels = z
  .object({
    http: z
      .array(httpChannel)
      .max(20)
      .refine((list) => new Set(list.map((channel) => channel.name)).size === list.length, 'channel names must be unique')
      .default([])
      .describe(
        "IT's HTTP channels for the failover pane (SMS gateways, other messengers' bot APIs), each `{name, kind, url, method, headers, auth, body, success, timeoutMs}`; names must be unique.",
      )
      .meta({
        zh: 'IT 为故障转移面板配置的 HTTP 渠道（短信网关、其他即时通讯的机器人 API），每项为 `{name, kind, url, method, headers, auth, body, success, timeoutMs}`；名称不得重复。',
      }),
  })
  .strict();
export type HttpChannelConfig = z.infer<typeof httpChannel>;

const ipAddress = z.union([z.ipv4(), z.ipv6()]);
/** A secret given by reference in one string, never the secret itself: read by `secretRefOf`. */
const secretRefText = z.string().regex(/^(env:[A-Za-z_][A-Za-z0-9_]*|file:.+)$/, 'env:NAME or file:/path');

const hub = z
  .object({
    url: httpUrl
      .optional()
      .describe("The supervisors' hub this seat reports to; no URL, no reporting.")
      .meta({ zh: '本坐席上报的主管中心地址；不设置则不上报。' }),
    enrolmentTokenRef: secretRefText
      .optional()
      .describe(
        "Where IT's enrolment token is, never the token itself: `env:NAME` or `file:/path`. Used once; the seat then holds its own device token.",
      )
      .meta({ zh: 'IT 注册令牌的位置，绝不是令牌本身：`env:NAME` 或 `file:/path`。只用一次；之后坐席持有自己的设备令牌。' }),
    team: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe("The seat's team on the hub, sent at enrolment; a token scoped to a team wins.")
      .meta({ zh: '坐席在中心所属的团队，注册时发送；限定团队的注册令牌优先。' }),
    site: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe("The seat's site on the hub, sent at enrolment; a token scoped to a site wins.")
      .meta({ zh: '坐席在中心所属的站点，注册时发送；限定站点的注册令牌优先。' }),
    heartbeatMs: z
      .int()
      .min(1_000)
      .max(600_000)
      .default(5_000)
      .describe(
        'How often (ms) the seat sends the hub a heartbeat until the hub answers with its own interval, which then wins (the hub decides when a silent seat is offline). Incident events go at once.',
      )
      .meta({
        zh: '在中心回复其自身间隔之前，坐席多久（毫秒）向中心发送一次心跳；之后以中心的间隔为准（由中心判断静默坐席何时离线）。事件会立即发送。',
      }),
    serveEnabled: z
      .boolean()
      .default(false)
      .describe(
        "This kiosk also runs the supervisors' hub (a small team with no server): database `hub.sqlite` in its data folder. With no `hub.url` the seat reports to this hub itself, no enrolment token needed.",
      )
      .meta({
        zh: '本信息亭同时运行主管中心（适合没有服务器的小团队）：数据库为其数据文件夹中的 `hub.sqlite`。未设置 `hub.url` 时，本坐席向自己的中心上报，无需注册令牌。',
      }),
    serveAddress: z
      .string()
      .max(45)
      .refine((address) => ipAddress.safeParse(address).success, 'an IP address, such as 127.0.0.1 or 0.0.0.0')
      .default('127.0.0.1')
      .describe(
        'The address the hosted hub listens on: `127.0.0.1` for this computer only, `0.0.0.0` (or `::`) for the whole floor (allow the port in the firewall).',
      )
      .meta({ zh: '所运行中心的监听地址：`127.0.0.1` 仅限本机，`0.0.0.0`（或 `::`）面向整个楼层（须在防火墙中放行该端口）。' }),
    servePort: z
      .int()
      .min(1)
      .max(65_535)
      .default(3200)
      .describe('The TCP port of the hosted hub (its API and its dashboard).')
      .meta({ zh: '所运行中心的 TCP 端口（其 API 与仪表板）。' }),
    serveConfigFile: z
      .string()
      .min(1)
      .max(1_000)
      .optional()
      .describe(
        'A hub configuration file (JSON, the format of `npm run hub -- --config`) for escalation, SMTP, outage rules or another database; its `host` and `port` are refused (they are `serveAddress` and `servePort`).',
      )
      .meta({
        zh: '中心配置文件（JSON，格式同 `npm run hub -- --config`），用于升级、SMTP、故障规则或其他数据库；其中不得出现 `host` 与 `port`（它们由 `serveAddress` 与 `servePort` 决定）。',
      }),
    serveAdminPasswordRef: secretRefText
      .optional()
      .describe(
        "Where the password of the hosted hub's first IT account `admin` is (`env:NAME` or `file:/path`, 12 characters or more); used only while the hub has no account.",
      )
      .meta({ zh: '所运行中心首个 IT 账户 `admin` 的密码位置（`env:NAME` 或 `file:/path`，至少 12 个字符）；仅在中心尚无账户时使用。' }),
    dashboardInKiosk: z
      .boolean()
      .default(true)
      .describe(
        "Offers the hub's dashboard in the Maintenance drawer when a hub is known (`hub.url` or the hosted hub); it opens in a window of its own and asks for a supervisor's sign-in.",
      )
      .meta({
        zh: '当已知中心地址（`hub.url` 或本机运行的中心）时，在“维护”抽屉中提供中心仪表板；仪表板在独立窗口中打开，并要求主管登录。',
      }),
  })
  .strict();

export const SETTINGS_SECTIONS = {
  general,
  kiosk,
  health,
  recovery,
  failover,
  statusEndpoint,
  contacts,
  backups,
  chromium,
  updates,
  maintenance,
  offlineQueue,
  email,
  channels,
  hub,
} as const;

type Sections = typeof SETTINGS_SECTIONS;

/** The whole configuration: every section, each filled with its defaults when absent. */
export const settingsSchema = z
  .object(mapSections((section) => section.default(() => section.parse({}))) as { [K in keyof Sections]: z.ZodDefault<Sections[K]> })
  .strict();

export type Settings = z.infer<typeof settingsSchema>;
export type SectionName = keyof typeof SETTINGS_SECTIONS;

/**
 * A section where every key is optional and has no default: a layer must only contain what its
 * author wrote, or its filled-in defaults would override the layers below it.
 */
function optionalWithoutDefaults<T extends z.ZodRawShape>(section: z.ZodObject<T>) {
  const shape = Object.fromEntries(
    Object.entries(section.shape).map(([key, field]) => {
      return [key, withoutDefault(field as z.ZodType).optional()];
    }),
  );
  return z.object(shape).strict() as unknown as z.ZodObject<{ [K in keyof T]: z.ZodOptional<T[K]> }>;
}

/** A layer of settings where every key is optional, but every key given must be valid. */
export const partialSettingsSchema = z
  .object(
    mapSections((section) => optionalWithoutDefaults(section).optional()) as {
      [K in keyof Sections]: z.ZodOptional<ReturnType<typeof optionalWithoutDefaults<Sections[K]['shape']>>>;
    },
  )
  .strict();

export type PartialSettings = z.infer<typeof partialSettingsSchema>;

/**
 * What a layer may say about one key: its schema without the default, or undefined for a key
 * the product does not know (own properties only, so "__proto__" or "toString" are unknown too).
 */
export function settingSchema(section: string, key: string): z.ZodType | undefined {
  if (!Object.hasOwn(SETTINGS_SECTIONS, section)) return undefined;
  const shape: Record<string, z.ZodType> = SETTINGS_SECTIONS[section as SectionName].shape;
  if (!Object.hasOwn(shape, key)) return undefined;
  return withoutDefault(shape[key]!);
}

/** Builds one schema entry per section, so a new section is added in SETTINGS_SECTIONS only. */
function mapSections(build: (section: z.ZodObject<z.ZodRawShape>) => z.ZodType): Record<string, z.ZodType> {
  return Object.fromEntries(
    Object.entries(SETTINGS_SECTIONS).map(([name, section]) => [name, build(section as z.ZodObject<z.ZodRawShape>)]),
  );
}

function withoutDefault(field: z.ZodType): z.ZodType {
  return field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : field;
}

export function isSectionName(name: string): name is SectionName {
  return Object.hasOwn(SETTINGS_SECTIONS, name);
}

export function sectionKeys(section: SectionName): string[] {
  return Object.keys(SETTINGS_SECTIONS[section].shape);
}

export function defaultSettings(): Settings {
  return settingsSchema.parse({});
}

function isCronPattern(pattern: string): boolean {
  try {
    new Cron(pattern, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}
