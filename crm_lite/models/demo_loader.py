"""The demo as its staff made it.

An XML ``<record>`` is written by the superuser at install time: its chatter
reads "created by OdooBot, just now". The demo instead replays eighteen
months of a Shanghai furniture trader's work through the same methods the
web client calls, each step as the user who takes it (in that user's
language and time zone) and at the moment it happened: the administrator
sets up the company and its catalogue, account managers enter their
customers, record interactions and take orders, the supervisor registers
and assigns chances and services, the managers develop and handle them, and
the scheduled churn scan and pool return run as the scheduler runs them.

The moments are replayed with freezegun (one of Odoo's own requirements)
and the cursor's transaction time, and each step's tracking is posted
before the next one starts, so every message, activity and date is that of
its step. The loader runs from the post-install hook, once crm_lite's own
translations are in the database.
"""

import datetime
import random

import pytz

from odoo import Command, api, fields, models

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

# The customers: where they are, what they are, and their story.
# periods: (from day, to day, account manager) while someone owned them
# (days ago); orders: days of confirmed orders; flagged customers' measures
# and confirmations: (day, text).
CUSTOMERS = [
    {
        "xmlid": "customer_01",
        "name": "北京华泰科技有限公司",
        "state": "BJ",
        "city": "北京市",
        "zip": "100080",
        "street": "海淀区中关村大街 27 号",
        "phone": "010-8184 1736",
        "region": "dict_region_beijing",
        "level": "dict_customer_level_partner",
        "satisfaction": "4",
        "credit": "2",
        "legal": "孙军勇",
        "capital": 10000000,
        "turnover": 5550000,
        "license": "91557057495956622M",
        "contacts": [
            ("钱芳", "采购经理", "female", "13549008934"),
            ("王芳", "总经理", "female", "13163469421"),
        ],
        "periods": [(546, 3, M2)],
        "last_order": 12,
    },
    {
        "xmlid": "customer_02",
        "name": "天津宏达机械制造厂",
        "state": "TJ",
        "city": "天津市",
        "zip": "300450",
        "street": "滨海新区黄海路 188 号",
        "phone": "022-7331 0388",
        "region": "dict_region_north_china",
        "level": "dict_customer_level_key_prospect",
        "satisfaction": "2",
        "credit": "5",
        "legal": "王华敏",
        "capital": 2000000,
        "turnover": 35130000,
        "license": "91587006403650525P",
        "contacts": [("尤洋", "总经理", "male", "13210655224")],
        "periods": [(544, 4, M1)],
        "last_order": 30,
    },
    {
        "xmlid": "customer_03",
        "name": "石家庄恒信贸易有限公司",
        "state": "HE",
        "city": "石家庄市",
        "zip": "050000",
        "street": "长安区中山东路 273 号",
        "phone": "0311-7665 6906",
        "region": "dict_region_north_china",
        "level": "dict_customer_level_strategic",
        "satisfaction": "2",
        "credit": "5",
        "legal": "沈艳涛",
        "capital": 10000000,
        "turnover": 37920000,
        "license": "91370005851341858H",
        "contacts": [
            ("吴强", "采购经理", "male", "13716782763"),
            ("朱超", "财务主管", "female", "13883235912"),
        ],
        "periods": [(545, 118, M2)],
        "orders": [545, 470, 400, 330],
        "measures": [(140, "多次电话回访，客户表示业务收缩，暂停采购计划")],
        "lost": (118, "企业经营困难，暂停一切办公采购"),
    },
    {
        "xmlid": "customer_04",
        "name": "武汉长江电子有限公司",
        "state": "HB",
        "city": "武汉市",
        "zip": "430074",
        "street": "东湖高新区光谷大道 85 号",
        "phone": "027-7402 9873",
        "region": "dict_region_central_south",
        "level": "dict_customer_level_major",
        "satisfaction": "2",
        "credit": "1",
        "legal": "褚敏超",
        "capital": 5000000,
        "turnover": 4010000,
        "license": "91701875655209010H",
        "contacts": [("秦艳", "总经理", "female", "13846567715")],
        "periods": [(542, 2, M1)],
        "orders": [535, 440, 360, 300],
        "measures": [
            (100, "上门拜访采购部，了解到客户正在评估其他供应商"),
            (50, "提供季度九折方案，客户答应年底前重新评估"),
        ],
    },
    {
        "xmlid": "customer_05",
        "name": "长沙湘江物流有限公司",
        "state": "HN",
        "city": "长沙市",
        "zip": "410000",
        "street": "岳麓区麓谷大道 34 号",
        "phone": "0731-8338 8850",
        "region": "dict_region_central_south",
        "level": "dict_customer_level_ordinary",
        "satisfaction": "2",
        "credit": "3",
        "legal": "钱洋涛",
        "capital": 2000000,
        "turnover": 32400000,
        "license": "91702269042010176G",
        "contacts": [
            ("赵涛", "财务主管", "female", "13280440569"),
            ("杨华", "总经理", "male", "13924883888"),
        ],
        "periods": [(543, 2, M2)],
        "last_order": 20,
    },
    {
        "xmlid": "customer_06",
        "name": "广州南方建材有限公司",
        "state": "GD",
        "city": "广州市",
        "zip": "510620",
        "street": "天河区天河路 71 号",
        "phone": "020-6932 2734",
        "region": "dict_region_central_south",
        "level": "dict_customer_level_partner",
        "satisfaction": "5",
        "credit": "4",
        "legal": "沈磊娟",
        "capital": 2000000,
        "turnover": 31960000,
        "license": "91307842468730454F",
        "contacts": [("孙静", "采购经理", "male", "13349061789")],
        "periods": [(540, 5, M1)],
        "orders": [530, 440, 350, 280, 215],
    },
    {
        "xmlid": "customer_07",
        "name": "沈阳北方重工股份有限公司",
        "state": "LN",
        "city": "沈阳市",
        "zip": "110141",
        "street": "铁西区北二中路 145 号",
        "phone": "024-6881 6313",
        "region": "dict_region_northeast",
        "level": "dict_customer_level_key_prospect",
        "satisfaction": "5",
        "credit": "5",
        "legal": "赵敏娟",
        "capital": 10000000,
        "turnover": 31040000,
        "license": "91610114816148555W",
        "contacts": [
            ("周华", "财务主管", "female", "13937485860"),
            ("蒋杰", "技术总监", "female", "13211172107"),
        ],
        "periods": [(539, 3, M2)],
        "last_order": 8,
    },
    {
        "xmlid": "customer_08",
        "name": "哈尔滨冰城食品有限公司",
        "state": "HL",
        "city": "哈尔滨市",
        "zip": "150000",
        "street": "南岗区红军街 175 号",
        "phone": "0451-6368 8581",
        "region": "dict_region_northeast",
        "level": "dict_customer_level_strategic",
        "satisfaction": "3",
        "credit": "4",
        "legal": "许华军",
        "capital": 500000,
        "turnover": 47230000,
        "license": "915833427995577477",
        "contacts": [("卫明", "总经理", "male", "13323287495")],
        "periods": [(541, 6, M1)],
        "orders": [540, 470, 430, 205, 120, 25],
        "measures": [(235, "推荐新款人体工学椅，送去两把样品试用")],
    },
    {
        "xmlid": "customer_09",
        "name": "大连海星船舶配件厂",
        "state": "LN",
        "city": "大连市",
        "zip": "116000",
        "street": "甘井子区海星路 246 号",
        "phone": "0411-7563 6011",
        "region": "dict_region_northeast",
        "level": "dict_customer_level_major",
        "satisfaction": "2",
        "credit": "1",
        "legal": "杨洋芳",
        "capital": 1000000,
        "turnover": 9170000,
        "license": "91408619062507144G",
        "contacts": [
            ("杨静", "财务主管", "male", "13320347933"),
            ("周明", "行政经理", "female", "13790326952"),
        ],
        "periods": [(538, 2, M2)],
        "orders": [538, 440, 345, 260],
        "measures": [
            (55, "上门拜访采购部，提供九折优惠"),
            (18, "邀请客户参加新品发布会，客户表示明年一季度有采购计划"),
        ],
    },
    {
        "xmlid": "customer_10",
        "name": "成都天府软件有限公司",
        "state": "SC",
        "city": "成都市",
        "zip": "610041",
        "street": "高新区天府大道 115 号",
        "phone": "028-8590 1938",
        "region": "dict_region_west",
        "level": "dict_customer_level_ordinary",
        "satisfaction": "4",
        "credit": "2",
        "legal": "秦艳强",
        "capital": 10000000,
        "turnover": 16780000,
        "license": "91315621448362664N",
        "contacts": [("王丽", "技术总监", "female", "13481782371")],
        "periods": [(537, 33, M1)],
        "orders": [536, 450, 360, 240],
        "measures": [(45, "联系集团采购中心，争取进入集团供应商名录")],
        "lost": (33, "被集团收购，改由集团总部统一集中采购"),
    },
    {
        "xmlid": "customer_11",
        "name": "重庆山城汽车配件有限公司",
        "state": "CQ",
        "city": "重庆市",
        "zip": "401120",
        "street": "渝北区金开大道 42 号",
        "phone": "023-7223 5150",
        "region": "dict_region_west",
        "level": "dict_customer_level_partner",
        "satisfaction": "4",
        "credit": "4",
        "legal": "王军强",
        "capital": 5000000,
        "turnover": 16910000,
        "license": "91284083302357162C",
        "contacts": [
            ("许明", "技术总监", "female", "13801129838"),
            ("孙军", "财务主管", "female", "13939991324"),
        ],
        "periods": [(537, 1, M2)],
        "last_order": 5,
    },
    {
        "xmlid": "customer_12",
        "name": "西安古城文化传媒有限公司",
        "state": "SN",
        "city": "西安市",
        "zip": "710061",
        "street": "雁塔区小寨东路 82 号",
        "phone": "029-8432 0207",
        "region": "dict_region_west",
        "level": "dict_customer_level_key_prospect",
        "satisfaction": "5",
        "credit": "4",
        "legal": "吴敏明",
        "capital": 1000000,
        "turnover": 49190000,
        "license": "91519153548492058M",
        "contacts": [("许超", "采购经理", "female", "13267409691")],
        "periods": [(535, 4, M1)],
        "orders": [528, 430, 330, 250],
    },
    {
        "xmlid": "customer_13",
        "name": "昆明彩云农业科技有限公司",
        "state": "YN",
        "city": "昆明市",
        "zip": "650000",
        "street": "五华区人民中路 270 号",
        "phone": "0871-6344 8457",
        "region": "dict_region_west",
        "level": "dict_customer_level_strategic",
        "satisfaction": "2",
        "credit": "1",
        "legal": "周娟丽",
        "capital": 1000000,
        "turnover": 3090000,
        "license": "91291654863308365T",
        "contacts": [
            ("朱强", "财务主管", "female", "13378490828"),
            ("周华", "技术总监", "female", "13591946611"),
        ],
        "periods": [(534, 6, M2)],
        "orders": [532, 420, 320, 235],
    },
    {
        "xmlid": "customer_14",
        "name": "北京京城医药连锁有限公司",
        "state": "BJ",
        "city": "北京市",
        "zip": "100020",
        "street": "朝阳区建国路 226 号",
        "phone": "010-6062 7631",
        "region": "dict_region_beijing",
        "level": "dict_customer_level_major",
        "satisfaction": "3",
        "credit": "5",
        "legal": "吴明敏",
        "capital": 1000000,
        "turnover": 12390000,
        "license": "91657636852743096F",
        "contacts": [("秦华", "总经理", "female", "13832647724")],
        "periods": [(533, 3, M1)],
        "last_order": 15,
    },
    {
        "xmlid": "customer_15",
        "name": "太原晋商能源有限公司",
        "state": "SX",
        "city": "太原市",
        "zip": "030000",
        "street": "小店区长风街 232 号",
        "phone": "0351-7703 6054",
        "region": "dict_region_north_china",
        "level": "dict_customer_level_ordinary",
        "satisfaction": "4",
        "credit": "1",
        "legal": "秦明芳",
        "capital": 5000000,
        "turnover": 27470000,
        "license": "91976725065263528E",
        "contacts": [
            ("冯涛", "采购经理", "female", "13645194407"),
            ("朱磊", "行政主管", "male", "13580529775"),
        ],
        "periods": [(548, 338, M2)],
        "orders": [544],
        "measures": [(352, "多次电话联系，客户表示年度预算冻结")],
        "lost": (338, "已与竞争对手签订三年框架采购协议"),
    },
    {
        "xmlid": "customer_16",
        "name": "郑州中原纺织有限公司",
        "state": "HA",
        "city": "郑州市",
        "zip": "450000",
        "street": "金水区花园路 124 号",
        "phone": "0371-6243 4243",
        "region": "dict_region_central_south",
        "level": "dict_customer_level_partner",
        "satisfaction": "5",
        "credit": "4",
        "legal": "沈芳丽",
        "capital": 2000000,
        "turnover": 10820000,
        "license": "917997987341600310",
        "contacts": [("卫敏", "采购经理", "female", "13247376007")],
        # a month without news: the pool warns its owner today
        "periods": [(531, 28, M1)],
        "last_order": 40,
    },
    {
        "xmlid": "customer_17",
        "name": "长春一汽配套件有限公司",
        "state": "JL",
        "city": "长春市",
        "zip": "130011",
        "street": "绿园区东风大街 221 号",
        "phone": "0431-8370 0285",
        "region": "dict_region_northeast",
        "level": "dict_customer_level_key_prospect",
        "satisfaction": "3",
        "credit": "2",
        "legal": "朱杰艳",
        "capital": 5000000,
        "turnover": 16830000,
        "license": "913869022505507702",
        "contacts": [
            ("卫明", "总经理", "female", "13694906926"),
            ("韩明", "技术总监", "female", "13455943145"),
        ],
        # left idle by 李娜, back in the pool, claimed by 张伟
        "periods": [(541, 150, M2), (108, 4, M1)],
        "claim": (110, M1),
        "orders": [541, 450, 360, 260, 160, 95, 30],
    },
    {
        "xmlid": "customer_18",
        "name": "兰州黄河化工有限公司",
        "state": "GS",
        "city": "兰州市",
        "zip": "730030",
        "street": "城关区庆阳路 93 号",
        "phone": "0931-8613 8816",
        "region": "dict_region_west",
        "level": "dict_customer_level_strategic",
        "satisfaction": "4",
        "credit": "3",
        "legal": "冯敏娟",
        "capital": 2000000,
        "turnover": 34050000,
        "license": "91583325189377084T",
        "contacts": [("褚芳", "技术总监", "female", "13161768618")],
        "periods": [(532, 76, M1)],
        "orders": [530, 420, 350, 280],
        "lost": (76, "公司迁往外省，改由当地供应商供货"),
    },
    {
        "xmlid": "customer_19",
        "name": "南宁绿城电器有限公司",
        "state": "GX",
        "city": "南宁市",
        "zip": "530022",
        "street": "青秀区民族大道 134 号",
        "phone": "0771-6297 1779",
        "region": "dict_region_central_south",
        "level": "dict_customer_level_major",
        "satisfaction": "4",
        "credit": "1",
        "legal": "孙强芳",
        "capital": 2000000,
        "turnover": 10760000,
        "license": "91110400028704777C",
        "contacts": [
            ("秦娟", "财务主管", "female", "13767549003"),
            ("钱强", "采购经理", "male", "13273354647"),
        ],
        "periods": [(536, 95, M1)],
        "orders": [534, 445, 350, 250, 170, 100],
    },
    {
        "xmlid": "customer_20",
        "name": "呼和浩特草原乳业有限公司",
        "state": "NM",
        "city": "呼和浩特市",
        "zip": "010010",
        "street": "赛罕区新华东街 229 号",
        "phone": "0471-6972 9471",
        "region": "dict_region_north_china",
        "level": "dict_customer_level_ordinary",
        "satisfaction": "4",
        "credit": "5",
        "legal": "朱静磊",
        "capital": 2000000,
        "turnover": 2280000,
        "license": "913255845649251413",
        "contacts": [("赵明", "总经理", "male", "13652155530")],
        "periods": [(530, 52, M2)],
        "orders": [529, 430, 340, 240, 130],
    },
]

# Customers won through chances: the details their manager adds once won.
WON_CUSTOMERS = {
    "chance_won": {
        "xmlid": "customer_21",
        "state": "HA",
        "city": "洛阳市",
        "zip": "471000",
        "street": "洛龙区开元大道 328 号",
        "phone": "0379-6258 8899",
        "region": "dict_region_central_south",
        "level": "dict_customer_level_major",
        "satisfaction": "4",
        "credit": "4",
        "legal": "钱国华",
        "capital": 8000000,
        "turnover": 26500000,
        "license": "913205947823661052",
        "periods": [(180, 2, M1)],
        "orders": [175, 100, 45, 10],
    },
    "chance_won_2": {
        "xmlid": "customer_22",
        "state": "TJ",
        "city": "天津市",
        "zip": "300456",
        "street": "滨海新区新港二号路 66 号",
        "phone": "022-2586 3366",
        "region": "dict_region_north_china",
        "level": "dict_customer_level_partner",
        "satisfaction": "5",
        "credit": "4",
        "legal": "陈海波",
        "capital": 20000000,
        "turnover": 58000000,
        "license": "91330206731288441U",
        "periods": [(395, 3, M2)],
        "orders": [390, 300, 210, 120, 35],
    },
    "chance_won_4": {
        "xmlid": "customer_23",
        "state": "GD",
        "city": "深圳市",
        "zip": "518057",
        "street": "南山区科技园科苑路 158 号",
        "phone": "0755-8756 2210",
        "region": "dict_region_central_south",
        "level": "dict_customer_level_key_prospect",
        "satisfaction": "4",
        "credit": "3",
        "legal": "林志强",
        "capital": 3000000,
        "turnover": 12600000,
        "license": "913501028865237713",
        "periods": [(96, 2, M1)],
        "orders": [90, 14],
    },
}

# Chances. created: (day, login); assigned: (day, account manager);
# plans: (day planned, todo, result or None, day the result was noted);
# closed: (day, "won" | "lost").
CHANCES = [
    {
        "xmlid": "chance_won_2",
        "name": "港区办公楼整体配套",
        "source": "行业展会",
        "customer_name": "天津港湾物流有限公司",
        "contact_name": "陈经理",
        "contact_phone": "13588886666",
        "success_rate": 60,
        "description": "新建港区办公楼四层，需要工位、会议室和接待区家具。",
        "created": (430, "crm_supervisor"),
        "assigned": (428, M2),
        "plans": [
            (425, "电话了解需求并约定拜访", "客户发来楼层平面图", 424),
            (415, "上门勘察并提交布局方案", "客户认可布局，要求报价", 413),
            (405, "提交正式报价", "议价后按九五折成交", 398),
        ],
        "closed": (395, "won"),
    },
    {
        "xmlid": "chance_lost",
        "name": "酒店客房家具",
        "source": "招标公告",
        "customer_name": "青岛海滨酒店管理有限公司",
        "contact_name": "黄经理",
        "contact_phone": "13853211234",
        "success_rate": 20,
        "description": "酒店客房家具招标，价格竞争激烈。",
        "created": (300, "crm_supervisor"),
        "assigned": (299, M1),
        "plans": [
            (296, "购买招标文件", "已购买并研究技术要求", 295),
            (285, "递交投标文件", "报价高于中标单位约 15%", 272),
        ],
        "closed": (270, "lost"),
    },
    {
        "xmlid": "chance_won_3",
        "name": "新厂区办公室配套",
        "source": "客户回访",
        "customer": "customer_11",
        "success_rate": 75,
        "description": "客户新厂区行政楼需要办公桌椅和文件柜约 120 套。",
        "created": (290, "crm_supervisor"),
        "assigned": (289, M2),
        "plans": [
            (285, "确认新厂区家具清单", "清单已确认", 284),
            (275, "提交报价并安排样品", "客户同意下单", 264),
        ],
        "closed": (262, "won"),
    },
    {
        "xmlid": "chance_won",
        "name": "呼叫中心工位",
        "source": "网站",
        "customer_name": "洛阳园林通信服务有限公司",
        "contact_name": "钱主管",
        "contact_phone": "13600002222",
        "success_rate": 80,
        "description": "呼叫中心120个工位。",
        "created": (205, "crm_supervisor"),
        "assigned": (204, M1),
        "plans": [
            (200, "提交报价单", "客户接受报价", 197),
            (190, "商务谈判并签订合同", "合同已签订", 186),
        ],
        "closed": (180, "won"),
    },
    {
        "xmlid": "chance_lost_2",
        "name": "学校宿舍家具",
        "source": "电话咨询",
        "customer_name": "厦门鹭岛职业学院",
        "contact_name": "何老师",
        "contact_phone": "13906021234",
        "success_rate": 40,
        "description": "新宿舍楼 300 间宿舍的床、书桌和衣柜。",
        "created": (160, "crm_supervisor"),
        "assigned": (159, M2),
        "plans": [(150, "上门沟通采购预算", "学校预算削减，项目推迟到明年", 148)],
        "closed": (140, "lost"),
    },
    {
        "xmlid": "chance_won_4",
        "name": "研发中心扩建",
        "source": "老客户介绍",
        "customer_name": "深圳南山电子有限公司",
        "contact_name": "林工",
        "contact_phone": "13905911234",
        "success_rate": 55,
        "description": "研发中心扩建两层，需要 80 个工位和两间会议室。",
        "created": (125, M1),
        "assigned": (124, M1),
        "plans": [
            (120, "拜访研发中心负责人", "确定工位和会议室数量", 119),
            (110, "提交设计方案和报价", "客户接受报价", 100),
        ],
        "closed": (96, "won"),
    },
    {
        "xmlid": "chance_assigned_1",
        "name": "员工培训中心桌椅",
        "source": "老客户介绍",
        "customer_name": "南京金陵教育科技有限公司",
        "contact_name": "郑老师",
        "contact_phone": "13700001111",
        "success_rate": 60,
        "description": "培训中心200个座位的桌椅。",
        "created": (41, "crm_supervisor"),
        "assigned": (40, M1),
        "plans": [
            (37, "电话了解需求", "客户希望看样品", 36),
            (20, "发送报价方案", "客户要求九五折", 18),
            (-5, "带样品上门演示", None, None),
        ],
    },
    {
        "xmlid": "chance_assigned_2",
        "name": "追加人体工学椅",
        "source": "客户回访",
        "customer": "customer_02",
        "success_rate": 70,
        "description": "老客户计划为研发部追加50把人体工学椅。",
        "created": (26, "crm_supervisor"),
        "assigned": (25, M1),
        "plans": [
            (22, "确认型号与数量", "确定 50 把 CHAIR-E1", 21),
            (-4, "安排样品试坐", None, None),
        ],
    },
    {
        "xmlid": "chance_assigned_3",
        "name": "智慧园区办公家具",
        "source": "网站",
        "customer_name": "合肥科创园区运营有限公司",
        "contact_name": "孙主任",
        "contact_phone": "13955512345",
        "success_rate": 40,
        "description": "园区三栋办公楼约 600 个工位，分两期采购。",
        "created": (16, "crm_supervisor"),
        "assigned": (15, M2),
        "plans": [
            (12, "实地勘察园区办公楼", "共三栋楼，约 600 个工位", 11),
            (-6, "提交整体方案", None, None),
        ],
    },
    {
        "xmlid": "chance_new_1",
        "name": "新办公楼家具采购",
        "source": "展会",
        "customer_name": "上海浦江置业有限公司",
        "contact_name": "周经理",
        "contact_phone": "13912345678",
        "success_rate": 30,
        "description": "客户新建办公楼，预计采购办公桌椅300套。",
        "created": (5, "crm_supervisor"),
    },
    {
        "xmlid": "chance_new_2",
        "name": "分公司文件柜更换",
        "source": "电话咨询",
        "customer_name": "杭州西湖茶业有限公司",
        "contact_name": "吴主任",
        "contact_phone": "13812340000",
        "success_rate": 50,
        "description": "十个分公司统一更换文件柜。",
        "created": (2, M2),
    },
]

# Services: (xml id, customer, type, summary, request, created (day, login),
# rounds of (handling, result, satisfaction)); the supervisor assigns each to
# the customer's account manager the next day. The last round of an open
# service stops where its state says.
SERVICES = [
    (
        "service_archived_1",
        "customer_05",
        "consult",
        "椅子调节方法",
        "客户不清楚人体工学椅的高度调节方法。",
        (500, M2),
        [
            ("上门演示调节方法并留下说明书。", "客户已掌握调节方法", "4"),
        ],
    ),
    (
        "service_archived_2",
        "customer_06",
        "complaint",
        "桌面划痕",
        "收到的两张办公桌桌面有划痕。",
        (470, M1),
        [
            ("更换了两张桌面。", "客户对更换结果满意", "5"),
        ],
    ),
    (
        "service_archived_3",
        "customer_08",
        "complaint",
        "文件柜锁具故障",
        "客户来电：三台文件柜的锁打不开。",
        (430, "crm_supervisor"),
        [
            ("上门更换锁芯并补配钥匙。", "锁具已正常使用", "4"),
        ],
    ),
    (
        "service_archived_4",
        "customer_01",
        "consult",
        "批量采购价格咨询",
        "客户询问采购 100 套以上的阶梯价格。",
        (410, M2),
        [
            ("提供阶梯报价单：100 套以上九二折。", "客户已收到报价", "5"),
        ],
    ),
    (
        "service_archived_5",
        "customer_11",
        "suggestion",
        "建议提供上门安装",
        "客户建议大件家具由厂家上门安装。",
        (380, M2),
        [
            ("与物流部门协商：订单满 2 万元免费上门安装。", "客户认可", "4"),
        ],
    ),
    (
        "service_archived_6",
        "customer_14",
        "consult",
        "会议桌尺寸定制",
        "客户询问会议桌能否定制为 4.2 米。",
        (350, M1),
        [
            ("确认工厂可定制，交期 30 天。", "客户已下单定制", "5"),
        ],
    ),
    (
        "service_archived_7",
        "customer_12",
        "complaint",
        "送货时间投诉",
        "送货比约定晚了一周，影响客户开业。",
        (320, M1),
        [
            ("致电道歉并说明延误原因。", "客户认为仅道歉不够", "2"),
            ("补偿下次订单九五折优惠券，并承诺准时送达。", "客户接受补偿方案", "4"),
        ],
    ),
    (
        "service_archived_8",
        "customer_02",
        "complaint",
        "椅子脚轮脱落",
        "新到的 20 把椅子中有 3 把脚轮脱落。",
        (300, M1),
        [
            ("寄送新脚轮并电话指导更换。", "问题已解决", "4"),
        ],
    ),
    (
        "service_archived_9",
        "customer_07",
        "suggestion",
        "希望提供电子发票",
        "客户财务希望以后开具电子发票。",
        (280, M2),
        [
            ("已与财务部确认，下月起全部开具电子发票。", "客户满意", "5"),
        ],
    ),
    (
        "service_archived_10",
        "customer_09",
        "consult",
        "文件柜承重咨询",
        "客户询问文件柜每层的承重。",
        (250, M2),
        [
            ("提供产品说明书：每层承重 40 公斤。", "客户已了解", "3"),
        ],
    ),
    (
        "service_archived_11",
        "customer_21",
        "suggestion",
        "工位隔板颜色建议",
        "客户建议工位隔板增加浅灰色。",
        (170, M1),
        [
            ("已反馈产品部门，浅灰色隔板下月上市。", "客户认可", "4"),
        ],
    ),
    (
        "service_archived_12",
        "customer_22",
        "consult",
        "沙发面料咨询",
        "客户询问接待沙发的面料能否防污。",
        (150, M2),
        [
            ("寄送面料小样并说明防污处理。", "客户选定防污面料", "5"),
        ],
    ),
    (
        "service_archived_13",
        "customer_13",
        "complaint",
        "安装噪音投诉",
        "安装工人午休时间施工，客户投诉噪音。",
        (130, M2),
        [
            ("向客户致歉，并规定安装避开午休时间。", "客户接受道歉", "3"),
        ],
    ),
    (
        "service_archived_14",
        "customer_16",
        "suggestion",
        "希望提供使用培训",
        "客户希望为行政人员提供家具保养培训。",
        (110, M1),
        [
            ("上门为行政部做了一次保养培训。", "客户满意", "5"),
        ],
    ),
    (
        "service_archived_15",
        "customer_17",
        "consult",
        "退换货流程咨询",
        "客户询问退换货的流程和时限。",
        (90, M1),
        [
            ("发送退换货政策：签收后 7 天内可退换。", "客户已了解", "4"),
        ],
    ),
    (
        "service_archived_16",
        "customer_11",
        "complaint",
        "配件缺失投诉",
        "文件柜缺少隔板配件。",
        (60, M2),
        [
            ("补发隔板配件。", "补发的配件型号不对", "1"),
            ("重新核对型号后补发，并上门安装。", "问题已解决", "4"),
        ],
    ),
    (
        "service_archived_17",
        "customer_23",
        "complaint",
        "办公桌抽屉卡顿",
        "两张办公桌抽屉推拉不顺。",
        (35, M1),
        [
            ("上门调整滑轨。", "抽屉推拉顺畅", "5"),
        ],
    ),
    (
        "service_archived_18",
        "customer_01",
        "suggestion",
        "定制企业标识",
        "客户希望接待台印上公司标识。",
        (25, M2),
        [
            ("确认可丝印标识，免费提供。", "客户满意", "4"),
        ],
    ),
    (
        "service_handled_1",
        "customer_04",
        "suggestion",
        "希望增加颜色选择",
        "客户建议文件柜提供更多颜色。",
        (20, M1),
        [
            ("已反馈给产品部门，下季度增加两种颜色。", None, None),
        ],
    ),
    (
        "service_handled_2",
        "customer_21",
        "consult",
        "工位线槽改造咨询",
        "客户询问现有工位能否加装电源线槽。",
        (12, M1),
        [
            ("确认可加装，已发送报价。", None, None),
        ],
    ),
    (
        "service_assigned_1",
        "customer_02",
        "complaint",
        "送货延误投诉",
        "上周订单延误三天送达，客户要求说明原因。",
        (9, M1),
        [
            (None, None, None),
        ],
    ),
    (
        "service_assigned_2",
        "customer_07",
        "complaint",
        "椅子扶手松动",
        "客户反映五把椅子扶手松动。",
        (6, M2),
        [
            (None, None, None),
        ],
    ),
    (
        "service_new_1",
        "customer_14",
        "consult",
        "产品保修期咨询",
        "客户询问办公桌的保修期限和保修范围。",
        (3, M1),
        [],
    ),
    (
        "service_new_2",
        "customer_05",
        "consult",
        "会议桌安装预约",
        "客户希望下周安装新购的会议桌。",
        (1, M2),
        [],
    ),
]

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


class CrmDemoLoader(models.AbstractModel):
    _name = "crm_lite.demo.loader"
    _description = "CRM Lite Demo Loader"

    @api.model
    def _install_language(self, code):
        """Install a language as Odoo's language installer does: activate
        it and load its terms for the modules already installed (the later
        ones, crm_lite included, load theirs when installed). Nothing to do
        when it is active already (``--load-language``)."""
        lang = (
            self.env["res.lang"]
            .with_context(active_test=False)
            .search([("code", "=", code)])
        )
        if lang.active:
            return
        lang.active = True
        self.env["ir.module.module"].search(
            [("state", "=", "installed")]
        )._update_translations([code])

    @api.model
    def _load_demo(self):
        _Story(self.env).play()


class _Story:
    """Events (moment, step) replayed in order, each at its moment."""

    def __init__(self, env):
        self.env = env
        self.rng = random.Random(20250610)
        self.tz = pytz.timezone(TZ)
        self.now = fields.Datetime.now()
        self.today = pytz.utc.localize(self.now).astimezone(self.tz).date()
        self.events = []
        self.records = {}
        self.users = {
            login: env.ref(f"crm_lite.user_{login}")
            for login in (M1, M2, "crm_supervisor", "crm_executive", "crm_admin")
        }
        self.users["admin"] = env.ref("base.user_admin")
        self.envs = {}
        self.order_numbers = {}

    # time

    def moment(self, day, hour=10, minute=0):
        """UTC moment of ``hour:minute`` in Shanghai ``day`` days ago."""
        local = datetime.datetime.combine(
            self.today - datetime.timedelta(days=day), datetime.time(hour, minute)
        )
        utc = self.tz.localize(local).astimezone(pytz.utc).replace(tzinfo=None)
        return min(utc, self.now - datetime.timedelta(minutes=5))

    def on(self, day, hour, step, *args):
        minute = self.rng.randrange(0, 60, 5)
        self.events.append(
            (self.moment(day, hour, minute), len(self.events), step, args)
        )

    def date(self, day):
        return self.today - datetime.timedelta(days=day)

    # people

    def env_of(self, login):
        """The environment of a request by this user: their language, time
        zone and company."""
        if login not in self.envs:
            user = self.users[login]
            context = dict(self.env(user=user)["res.users"].context_get())
            if "company" in self.records:
                # as when the company is chosen in the company switcher
                context["allowed_company_ids"] = self.records["company"].ids
            self.envs[login] = self.env(user=user, su=False, context=context)
        return self.envs[login]

    def scheduler(self):
        """The scheduled actions run as their user, OdooBot."""
        root = self.env.ref("base.user_root")
        context = self.env(user=root)["res.users"].context_get()
        return self.env(user=root, su=True, context=dict(context))

    def as_user(self, login, record):
        return record.with_env(self.env_of(login))

    def xmlid(self, name, record):
        self.env["ir.model.data"]._update_xmlids(
            [{"xml_id": f"crm_lite.{name}", "record": record, "noupdate": True}]
        )
        self.records[name] = record

    # the play

    def play(self):
        # only the demo needs it (one of Odoo's own requirements)
        from freezegun import freeze_time

        self.plan()
        self.events.sort(key=lambda event: (event[0], event[1]))
        cr = self.env.cr
        freezer = freeze_time(self.events[0][0])
        clock = freezer.start()
        try:
            for moment, _seq, step, args in self.events:
                clock.move_to(moment)
                cr._now = moment
                step(*args)
                # each step's tracking messages now, at its moment
                self.env.flush_all()
                cr.precommit.run()
        finally:
            freezer.stop()
            cr._now = None
        # today, the scheduler catches up as at the first start
        self.run_crons()
        self.env.flush_all()
        cr.precommit.run()

    def plan(self):
        self.on(560, 9, self.setup_company)
        self.on(548, 9, self.setup_catalogue)
        for day in range(CHURN_SCAN_FROM, 0, -14):
            self.on(day, 8, self.run_churn_scan)
        for day in range(POOL_RETURN_FROM, 0, -7):
            self.on(day, 8, self.run_pool_return)
        demand = dict.fromkeys(PRODUCTS, 0)
        for spec in CUSTOMERS:
            self.plan_customer(spec, demand)
        for spec in CHANCES:
            self.plan_chance(spec, demand)
        for service in SERVICES:
            self.plan_service(*service)
        self.on(4, 11, self.quotation, "customer_07", M2, [("product_sofa", 2)])
        self.on(2, 15, self.quotation, "customer_14", M1, [("product_desk", 12)])
        self.on(547, 14, self.initial_inventory, demand)

    # set-up by the administrator

    def setup_company(self):
        env = self.env_of("admin")
        cny = self.env.ref("base.CNY")
        cny.sudo().active = True
        values = dict(
            COMPANY,
            country_id=self.env.ref("base.cn").id,
            state_id=self.env.ref("base.state_cn_SH").id,
            currency_id=cny.id,
            paperformat_id=self.env.ref("base.paperformat_euro").id,
        )
        if "iap_enrich_auto_done" in env["res.company"]._fields:
            # its details are all here: no look-up on Odoo's IAP service
            values["iap_enrich_auto_done"] = True
        company = env["res.company"].create(values)
        company.partner_id.tz = TZ
        company.resource_calendar_id.tz = TZ
        self.records["company"] = company
        self.records["warehouse"] = (
            env["stock.warehouse"]
            .with_company(company)
            .create(
                {
                    "name": "上海总仓",
                    "code": "SHZC",
                    "company_id": company.id,
                    "partner_id": company.partner_id.id,
                }
            )
        )
        staff = [self.users[login] for login in self.users if login != "admin"]
        for user in staff:
            user.sudo().write(
                {"company_ids": [Command.set(company.ids)], "company_id": company.id}
            )
        # Odoo's administrator stays as the host's demo has him (his company,
        # language and time zone: the host's own tests log in as him); he may
        # switch to the new company, where his steps here take place
        self.users["admin"].sudo().write({"company_ids": [Command.link(company.id)]})
        self.envs.clear()

    def setup_catalogue(self):
        Product = self.env_of("admin")["product.product"]
        for xmlid, (english, chinese, code, price, cost, _qty) in PRODUCTS.items():
            product = Product.create(
                {
                    "name": chinese,
                    "default_code": code,
                    "list_price": price,
                    "standard_price": cost,
                    "is_storable": True,
                    "company_id": self.records["company"].id,
                }
            )
            template = product.product_tmpl_id
            template.update_field_translations(
                "name", {"en_US": english, "zh_CN": chinese}
            )
            self.xmlid(xmlid, product)
            # as an XML record of a product names its template
            self.xmlid(f"{xmlid}_product_template", template)

    def initial_inventory(self, demand):
        """期初盘点: what the orders of the demo take, and some left over."""
        Quant = self.env_of("admin")["stock.quant"].with_context(inventory_mode=True)
        location = self.records["warehouse"].lot_stock_id
        quants = Quant.create(
            [
                {
                    "product_id": self.records[xmlid].id,
                    "location_id": location.id,
                    "inventory_quantity": quantity + PRODUCTS[xmlid][5] * 12,
                }
                for xmlid, quantity in demand.items()
            ]
        )
        quants.action_apply_inventory()

    # the scheduler

    def run_churn_scan(self):
        self.scheduler()["crm_lite.loss"]._cron_detect_churn()

    def run_pool_return(self):
        self.scheduler()["res.partner"]._cron_return_to_pool()

    def run_crons(self):
        self.run_churn_scan()
        self.run_pool_return()

    # customers

    def owner_at(self, spec, day):
        for start, end, login in spec["periods"]:
            if start >= day >= end:
                return login
        return None

    def plan_customer(self, spec, demand):
        start, _end, owner = spec["periods"][0]
        self.on(start, 9, self.enter_customer, spec, owner)
        self.plan_history(spec, demand)
        for day, text in spec.get("measures", []):
            self.on(day, 16, self.add_measure, spec["xmlid"], day, text)
        if spec.get("lost"):
            day, reason = spec["lost"]
            self.on(day, 17, self.confirm_loss, spec["xmlid"], day, reason)
        if spec.get("claim"):
            day, login = spec["claim"]
            self.on(day, 9, self.claim, spec["xmlid"], login)

    def plan_history(self, spec, demand):
        """Interactions while owned (monthly or so; every three weeks once
        the pool is in use) and confirmed orders."""
        for start, end, login in spec["periods"]:
            day = start - self.rng.randint(2, 6)
            while day > end:
                self.on(
                    day, self.rng.randint(9, 17), self.interact, spec["xmlid"], login
                )
                gap = self.rng.randint(40, 75)
                if day - gap < POOL_RETURN_FROM + 30:
                    gap = self.rng.randint(14, 22)
                day -= gap
            self.on(end, 15, self.interact, spec["xmlid"], login)
        orders = spec.get("orders")
        if orders is None:
            orders, day = [], spec["last_order"]
            first = spec["periods"][0][0] - 8
            while day < first:
                orders.append(day)
                day += self.rng.randint(70, 140)
            orders.append(first)
        for day in orders:
            login = self.owner_at(spec, day) or self.owner_at(spec, day - 1)
            self.plan_order(spec["xmlid"], login, day, demand)

    def plan_order(self, customer, login, day, demand):
        lines = []
        for xmlid in self.rng.sample(list(PRODUCTS), self.rng.randint(1, 3)):
            typical = PRODUCTS[xmlid][5]
            quantity = self.rng.randint(max(1, typical // 2), typical * 2)
            lines.append((xmlid, quantity))
            demand[xmlid] += quantity
        self.on(day, 10, self.quotation, customer, login, lines, day)
        self.on(day, 15, self.confirm_order, customer, day)
        if day > 3:
            self.on(day - 2, 10, self.deliver, customer, day)

    def enter_customer(self, spec, login):
        Partner = self.env_of(login)["res.partner"]
        customer = Partner.create(self.customer_values(spec, login))
        self.xmlid(spec["xmlid"], customer)
        for index, (name, function, gender, mobile) in enumerate(spec["contacts"], 1):
            contact = Partner.create(
                {
                    "name": name,
                    "parent_id": customer.id,
                    "type": "contact",
                    "function": function,
                    "gender": gender,
                    "mobile": mobile,
                }
            )
            self.xmlid(f"{spec['xmlid']}_contact_{index}", contact)

    def customer_values(self, spec, login):
        values = {
            "street": spec["street"],
            "city": spec["city"],
            "zip": spec["zip"],
            "state_id": self.env.ref(f"base.state_cn_{spec['state']}").id,
            "country_id": self.env.ref("base.cn").id,
            "phone": spec["phone"],
            "region_id": self.ref(spec["region"]).id,
            "customer_level_id": self.ref(spec["level"]).id,
            "satisfaction": spec["satisfaction"],
            "credit_rating": spec["credit"],
            "legal_representative": spec["legal"],
            "registered_capital": spec["capital"],
            "annual_turnover": spec["turnover"],
            "license_no": spec["license"],
            "vat": spec["license"],
        }
        if "name" in spec:
            values.update(
                name=spec["name"],
                is_company=True,
                is_crm_customer=True,
                user_id=self.users[login].id,
            )
        return values

    def ref(self, name):
        return self.records.get(name) or self.env.ref(f"crm_lite.{name}")

    def interact(self, customer, login):
        place = self.rng.choice(PLACES)
        summary, note = self.rng.choice(SUMMARIES)
        self.env_of(login)["crm_lite.interaction"].create(
            {
                "partner_id": self.records[customer].id,
                "place": place,
                "name": summary,
                "note": note,
            }
        )

    def quotation(self, customer, login, lines, day=None):
        order = self.env_of(login)["sale.order"].create(
            {
                "partner_id": self.records[customer].id,
                "order_line": [
                    Command.create(
                        {"product_id": self.records[xmlid].id, "product_uom_qty": qty}
                    )
                    for xmlid, qty in lines
                ],
            }
        )
        if day is not None:
            self.records[f"order:{customer}:{day}"] = order
        number = self.order_numbers[customer] = self.order_numbers.get(customer, 0) + 1
        self.xmlid(f"order_{customer.removeprefix('customer_')}_{number}", order)

    def confirm_order(self, customer, day):
        order = self.records[f"order:{customer}:{day}"]
        order.with_env(order.env).action_confirm()

    def deliver(self, customer, day):
        order = self.records[f"order:{customer}:{day}"]
        for picking in self.as_user("admin", order.picking_ids):
            picking.action_assign()
            for move in picking.move_ids:
                move.quantity = move.product_uom_qty
                move.picked = True
            picking.with_context(skip_backorder=True, skip_sms=True).button_validate()

    # churn and pool

    def open_loss(self, customer, login):
        loss = self.env_of(login)["crm_lite.loss"].search(
            [
                ("partner_id", "=", self.records[customer].id),
                ("state", "in", ("warning", "delayed")),
            ]
        )
        if not loss:
            raise AssertionError(f"demo: {customer} has no churn warning yet")
        return loss

    def add_measure(self, customer, day, text):
        login = self.owner_at(self.spec(customer), day)
        self.open_loss(customer, login).action_add_measure(text)

    def confirm_loss(self, customer, day, reason):
        login = self.owner_at(self.spec(customer), day)
        self.open_loss(customer, login).action_confirm_lost(reason)

    def claim(self, customer, login):
        self.as_user(login, self.records[customer]).action_claim()

    def spec(self, customer):
        return next(
            spec
            for spec in CUSTOMERS + list(WON_CUSTOMERS.values())
            if spec["xmlid"] == customer
        )

    # chances

    def plan_chance(self, spec, demand):
        day, login = spec["created"]
        self.on(day, 10, self.register_chance, spec, login)
        if spec.get("assigned"):
            day, manager = spec["assigned"]
            self.on(day, 9, self.assign_chance, spec["xmlid"], manager)
            for planned, todo, result, noted in spec["plans"]:
                # written a few days ahead, once the chance is assigned
                written = min(day, max(planned + 3, 1))
                self.on(
                    written, 14, self.add_plan, spec["xmlid"], manager, planned, todo
                )
                if result:
                    self.on(
                        noted,
                        17,
                        self.note_result,
                        spec["xmlid"],
                        manager,
                        todo,
                        result,
                    )
        if spec.get("closed"):
            day, outcome = spec["closed"]
            manager = spec["assigned"][1]
            self.on(day, 11, self.close_chance, spec["xmlid"], manager, outcome)
            won = WON_CUSTOMERS.get(spec["xmlid"])
            if won:
                self.on(day, 16, self.complete_customer, spec["xmlid"], won, manager)
                self.plan_history(won, demand)

    def register_chance(self, spec, login):
        values = {
            key: spec[key]
            for key in (
                "name",
                "source",
                "customer_name",
                "contact_name",
                "contact_phone",
                "success_rate",
                "description",
            )
            if key in spec
        }
        if spec.get("customer"):
            values["partner_id"] = self.records[spec["customer"]].id
        chance = self.env_of(login)["crm_lite.chance"].create(values)
        self.xmlid(spec["xmlid"], chance)

    def assign_chance(self, xmlid, manager):
        chance = self.as_user("crm_supervisor", self.records[xmlid])
        chance.action_assign(self.users[manager].id)

    def add_plan(self, xmlid, manager, planned, todo):
        self.env_of(manager)["crm_lite.plan"].create(
            {
                "chance_id": self.records[xmlid].id,
                "date": self.date(planned),
                "todo": todo,
            }
        )

    def note_result(self, xmlid, manager, todo, result):
        chance = self.as_user(manager, self.records[xmlid])
        chance.plan_ids.filtered(lambda plan: plan.todo == todo).result = result

    def close_chance(self, xmlid, manager, outcome):
        chance = self.as_user(manager, self.records[xmlid])
        if outcome == "won":
            chance.action_mark_won()
        else:
            chance.action_mark_lost()

    def complete_customer(self, xmlid, spec, manager):
        """The account manager fills in what the chance did not say."""
        customer = self.as_user(manager, self.records[xmlid].customer_id)
        customer.write(self.customer_values(spec, manager))
        self.xmlid(spec["xmlid"], customer.with_env(self.env))
        for index, contact in enumerate(customer.child_ids, 1):
            self.xmlid(f"{spec['xmlid']}_contact_{index}", contact.with_env(self.env))

    # services

    def plan_service(self, xmlid, customer, kind, name, request, created, rounds):
        day, creator = created
        self.on(
            day, 10, self.request_service, xmlid, customer, kind, name, request, creator
        )
        if not rounds:
            return
        handler = self.owner_at(self.spec(customer), day) or creator
        day -= 1
        self.on(day, 9, self.assign_service, xmlid, handler)
        feedback_by = creator if creator != "crm_supervisor" else handler
        for handling, result, satisfaction in rounds:
            if not handling:
                return
            day = max(day - self.rng.randint(1, 3), 1)
            self.on(day, 15, self.handle_service, xmlid, handler, handling)
            if not result:
                return
            day = max(day - self.rng.randint(1, 2), 1)
            self.on(day, 17, self.feedback, xmlid, feedback_by, result, satisfaction)

    def request_service(self, xmlid, customer, kind, name, request, login):
        service = self.env_of(login)["crm_lite.service"].create(
            {
                "name": name,
                "service_type_id": self.env.ref(
                    f"crm_lite.dict_service_type_{kind}"
                ).id,
                "partner_id": self.records[customer].id,
                "request": request,
            }
        )
        self.xmlid(xmlid, service)

    def assign_service(self, xmlid, handler):
        service = self.as_user("crm_supervisor", self.records[xmlid])
        service.action_assign(self.users[handler].id)

    def handle_service(self, xmlid, handler, handling):
        service = self.as_user(handler, self.records[xmlid])
        service.handling = handling
        service.action_handle()

    def feedback(self, xmlid, login, result, satisfaction):
        service = self.as_user(login, self.records[xmlid])
        service.write({"result": result, "satisfaction": satisfaction})
        service.action_feedback()
