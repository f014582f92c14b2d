"""The demo's company: its catalogue, its account managers, the places and
subjects of their interactions with customers, and when its scheduled
actions start running (in days ago)."""

TZ = "Asia/Shanghai"
CHURN_SCAN_FROM = 356  # days ago; then every 14 days
POOL_RETURN_FROM = 120  # days ago; then every 7 days

COMPANY = {
    "name": "上海华信商贸有限公司",
    "street": "浦东新区张杨路 500 号",
    "street2": "华润时代广场 18 楼",
    "city": "上海市",
    "zip": "200122",
    "phone": "+86 21 5830 6688",
    "email": "info@huaxin-trading.cn",
    "website": "https://www.huaxin-trading.cn",
    "vat": "91310115MA1K3Y8L2Q",
}

# xml id: (English name, Chinese name, code, price, cost, typical quantity)
PRODUCTS = {
    "product_desk": (
        "Office Desk (1.4 m)",
        "办公桌（1.4 米）",
        "DESK-140",
        1280,
        760,
        20,
    ),
    "product_chair": ("Ergonomic Chair", "人体工学椅", "CHAIR-E1", 860, 480, 40),
    "product_cabinet": (
        "Steel Filing Cabinet",
        "四门钢制文件柜",
        "CAB-4D",
        1150,
        650,
        10,
    ),
    "product_meeting_table": (
        "Meeting Table (3.6 m)",
        "会议桌（3.6 米）",
        "MEET-360",
        6800,
        3900,
        2,
    ),
    "product_workstation": (
        "Four-Seat Workstation",
        "屏风工位（四人位）",
        "WS-4",
        5600,
        3200,
        8,
    ),
    "product_sofa": ("Reception Sofa", "接待沙发（三人位）", "SOFA-3", 3980, 2300, 2),
}

M1, M2 = "crm_manager1", "crm_manager2"

# What account managers write of an interaction: where, and (summary, note).
PLACES = [
    "客户公司会议室",
    "客户工厂",
    "电话",
    "我司展厅",
    "微信视频会议",
    "客户办公室",
]
SUMMARIES = [
    ("季度回访", "客户反馈良好"),
    ("新产品介绍", "客户对人体工学椅感兴趣"),
    ("年度采购计划交流", "客户计划下季度追加采购"),
    ("售后问题跟进", "问题已解决，客户满意"),
    ("合同续签洽谈", "客户关注价格，需跟进报价"),
    ("样品试用反馈", "客户对样品质量满意"),
    ("付款进度沟通", "客户承诺月底前付款"),
    ("节日拜访", "赠送新年台历，关系良好"),
    ("交货期确认", "客户对交货期有顾虑"),
]
