"""The demo's services."""

from .company import M1, M2

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
