"""The corpus for bench_build.py: N branch folders with varied Chinese text and unique photos.

Each branch is made from its index alone (a seeded random over the word lists below), so a
corpus can be regenerated or resumed, and no two branches read the same. The text holds no
personal data (no phone, ID or address), so `brandhall check` passes with no error or warning.
Photos are cut from tests/fixtures/photos with their own crop, tint and noise, so every photo
has its own pixels and the image cache cannot share work between them.
"""

from __future__ import annotations

import random
import shutil
import time
from dataclasses import dataclass, field
from multiprocessing import Pool
from pathlib import Path

import yaml
from PIL import Image, ImageChops, ImageEnhance, ImageOps
from pypinyin import lazy_pinyin

REPO = Path(__file__).resolve().parents[1]
PHOTOS = REPO / "tests" / "fixtures" / "photos"
PROJECT_PARTS = ("mkdocs.yml", "theme", "docs")  # copied fresh on every run: they are the tool
FIGURES_PER_BRANCH = 10
STORIES_PER_BRANCH = 5
INLINE_STORIES = 2  # stories written in branch.yml; the others are stories/*.md files
PORTRAIT_SIZE = (900, 1200)
STORY_SIZE = (1600, 1067)
PORTRAIT_SOURCES = ("grace_hopper.jpg", "astronaut.png")
STORY_SOURCES = ("rocket.jpg", "coffee.png")
CORPUS_VERSION = "brandhall-bench-corpus 2"
DONE_MARK = ".corpus-complete"
SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/branch.schema.json\n"



def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# ---------------------------------------------------------------------------------------------
# Word lists. PLACES and UNITS have coprime lengths, so (place, unit) differ for every index
# below 41 × 31 = 1271; BRAND_A and BRAND_B likewise up to 37 × 29 = 1073.
# ---------------------------------------------------------------------------------------------

PLACES = _split("城东 城西 城南 城北 滨江 南沙 黄埔 番禺 花都 从化 增城 白云 天河 越秀 海珠 荔湾 龙岗 宝安 福田 "
          "罗湖 南山 盐田 坪山 光明 顺德 南海 禅城 三水 高明 香洲 斗门 金湾 江海 蓬江 新会 台山 开平 鹤山 "
          "恩平 端州 鼎湖")
UNITS = (  # name, slug, what it does
    ("配送中心", "peisong", "成品油配送"), ("油库", "youku", "油品接卸、储存和发运"),
    ("加油站管理部", "jiayouzhan", "片区加油站经营管理"), ("运维检修班", "jianxiu", "设备运行维护和检修"),
    ("调度控制中心", "diaodu", "生产调度和运行监控"), ("营销服务部", "yingxiao", "市场开发和客户服务"),
    ("安全环保科", "anquan", "安全生产和环境保护监督"), ("储运车间", "chuyun", "油品储运和装卸作业"),
    ("信息技术中心", "xinxi", "信息系统建设和运行保障"), ("财务共享中心", "caiwu", "财务核算和资金管理"),
    ("计量检定站", "jiliang", "计量器具检定和油品计量"), ("物资供应站", "wuzi", "物资采购和仓储配送"),
    ("客户服务中心", "kefu", "客户热线和诉求办理"), ("工程项目部", "xiangmu", "工程建设和项目管理"),
    ("质量检验中心", "zhijian", "油品质量检验"), ("设备管理科", "shebei", "设备全生命周期管理"),
    ("综合办公室", "bangong", "综合协调和后勤保障"), ("人力资源部", "renli", "员工培训和人才发展"),
    ("技术研发中心", "yanfa", "技术攻关和成果转化"), ("生产运行部", "yunxing", "生产组织和运行管理"),
    ("应急抢修队", "qiangxiu", "应急抢修和突发事件处置"), ("港口作业区", "gangkou", "码头装卸和船舶作业"),
    ("铁路运输班", "tielu", "铁路槽车装卸和调运"), ("化验室", "huayan", "油品化验分析"),
    ("供电所", "gongdian", "辖区供电服务和线路运维"), ("变电运维站", "biandian", "变电站运行维护"),
    ("输电线路班", "shudian", "输电线路巡视和检修"), ("营业厅", "yingye", "业务受理和窗口服务"),
    ("物流中心", "wuliu", "物流运输和仓储管理"), ("仓储部", "cangchu", "仓库管理和出入库作业"),
    ("非油业务部", "feiyou", "便利店和非油商品经营"),
)
REGIONS = _split("广东 广西 湖南 江西 福建 海南 云南 贵州 四川 湖北 浙江 江苏")
COMPANY = "华粤能源集团有限公司"
BRANCH_TYPES = (("党支部", "支部委员会", 8), ("联合党支部", "联合支部委员会", 1), ("党总支", "总支部委员会", 1))
BRAND_A = _split("红色引擎 红色先锋 党旗领航 初心驿站 匠心 星火 红帆 红心向党 先锋 赤诚 磐石 聚力 铁军 领航 同心 薪火 "
           "红烛 暖心 守护 红色堡垒 红色动力 金色阳光 蓝海 绿色家园 红船 火炬 红旗 红色纽带 筑梦 正能量 先锋旗 "
           "红色驿站 光明 启航 砥柱 春风 灯塔")
BRAND_B = _split("安全先锋 品质服务 保供先行 创新驱动 精益管理 暖心服务 绿色发展 数字赋能 匠心筑梦 平安守护 高效运行 "
           "优质服务 合规经营 强基固本 人才兴业 技术攻坚 服务先行 争创一流 担当作为 攻坚克难 提质增效 清廉建设 "
           "客户至上 降本增效 团结奋进 奉献有我 勇毅前行 守正创新 务实担当")
SLOGAN_A = ("一名党员一面旗", "一个支部一座堡垒", "一个岗位一份责任", "一面旗帜一团火", "一颗红心一片情",
            "一声承诺一生坚守", "一条路线一岗哨", "一次服务一份真情", "一项任务一个标杆", "一个班组一个家",
            "一线就是阵地", "党员就是标杆", "初心写在岗位上", "旗帜插在一线上", "堡垒建在项目上")
SLOGAN_B = ("一台油车一岗哨", "一处站点一片天", "一份答卷一生情", "一流服务一流业绩", "万家灯火我守护",
            "平凡岗位见初心", "安全责任扛在肩", "服务细节见真情", "攻坚路上党员先", "创新路上不停步",
            "急难险重冲在前", "群众满意是标准", "提质增效当先锋", "守正创新勇担当", "红色基因代代传")
PRINCIPLES = ("党建抓安全、安全促发展", "围绕中心抓党建、抓好党建促发展", "党建引领、业务融合、品牌提升",
              "支部建在一线、党员冲在一线", "把党建优势转化为发展优势", "以党建强促业务强",
              "党建与业务双融合、双促进", "一个支部一个堡垒、一名党员一面旗帜")
CHALLENGES = ("点多、线长、面广，安全风险管控压力大", "任务重、节奏快、标准要求高", "人员分散、岗位流动性大",
              "服务对象多、诉求多样", "技术更新快、专业要求高", "夜间作业多、应急任务重",
              "新老交替快、青年员工多", "季节性保供压力大、连续作业多")
EXPLAIN_A = ("发挥党支部战斗堡垒作用，以党建引领{work}，让组织力转化为发展动力。",
             "传承红色基因，引导党员在急难险重任务中冲在前、干在先。",
             "把党的政治优势、组织优势转化为推动{work}的强大动力。",
             "坚持把支部建在一线、把党员聚在岗位，让党旗在每一个作业现场高高飘扬。",
             "以高质量党建凝心聚力，把党员和群众紧紧团结在支部周围。")
EXPLAIN_B = ("发挥党员先锋模范作用，做到“关键岗位有党员、危险时刻有党员、群众身边有党员”。",
             "立足岗位、服务客户，把每一项工作做细做实做到位。",
             "以精益求精的工作标准，推动{work}质量和效率不断提升。",
             "坚持问题导向，组织党员围绕{work}中的难点开展攻关。",
             "把群众满意作为第一标准，让服务更有温度、更有质量。")
ACTIONS = ("一名党员一面旗，亮身份、作承诺、树形象", "一个岗位一份责，人人肩上有担子", "一次作业一次检，做到万无一失",
           "一月一主题，学习教育不断线", "一季一评比，比学赶超有氛围", "一人一承诺，年初承诺、年底兑现",
           "一事一复盘，把经验固化为标准", "一线一课堂，把党课开到现场", "一岗一清单，风险隐患心中有数",
           "一户一走访，群众诉求件件有回音", "一组一攻关，难题面前党员先上", "一帮一结对，新人成长有导师")
SHAPES = ("红色盾牌", "金色圆环", "红色五角星", "展开的书页", "迎风的帆", "延伸的道路", "交握的双手", "燃烧的火炬")
EMBLEMS = ("迎风飘扬的党旗", "金色的五角星", "向上的箭头", "一团跳动的火焰", "一座灯塔", "一条奔流的江河")
MEANINGS = ("安全是一切工作的生命线", "支部团结一心、坚如磐石", "党员先锋引领前行", "服务群众的初心不改",
            "品牌事业蒸蒸日上", "一线党员日夜坚守")
METHODS = (  # title, text
    ("流动党课进一线", "针对党员{scatter}的实际，把党课搬到{spot}，每次 **{mins} 分钟**，"
                     "内容为“一个案例 + 一条理论要点 + 一项岗位承诺”，做到随时学、随地学。"),
    ("党员责任区", "划分党员责任区 **{n} 个**，每名党员联系 {k} 名群众，实行“同学习、同工作、同考核”，"
                  "责任区工作成效与党员评议挂钩。"),
    ("党员示范岗", "在{work}的关键环节设立党员示范岗 {k} 个，岗位亮牌、党员亮身份，每季度评选“示范之星”。"),
    ("师带徒结对", "由党员骨干与青年员工结成“一帮一”对子，签订带徒协议，明确 {k} 项技能目标，"
                 "一年内帮助徒弟独立上岗。"),
    ("红色攻关小组", "围绕{work}中的难点组建党员攻关小组 {k} 个，实行“揭榜挂帅”，攻关成果在全单位推广。"),
    ("三查三确认", "作业前查人员状态、查设备状况、查环境风险，确认措施到位、确认监护到位、确认应急到位，"
                 "由党员担任现场第一监护人。"),
    ("支部书记讲堂", "支部书记每月围绕{work}讲一次专题课，结合身边案例讲形势、讲任务、讲要求，课后组织交流研讨。"),
    ("群众诉求直通车", "建立党员联系群众台账，收集员工和客户诉求，实行“接诉即办、限时办结”，"
                    "办理结果 **{k} 个工作日**内反馈。"),
    ("党员突击队", "组建由 {n} 名党员组成的突击队，承担抢险保供、重点工程和急难险重任务，做到召之即来、来之能战。"),
    ("积分亮星", "实行党员积分管理，从学习、工作、服务、奉献四个方面量化积分，每月亮星、每季排名、年底评优。"),
    ("微党课比赛", "每季度举办一次微党课比赛，每名党员用 {mins} 分钟讲述岗位上的小故事，优秀作品在全单位展播。"),
    ("安全联防", "与周边单位党组织签订安全联防协议，共享隐患信息和应急资源，定期开展联合演练。"),
    ("创新工作室", "依托党员创新工作室开展技术革新，累计完成小改小革 {n} 项，其中 {k} 项获得上级推广。"),
    ("志愿服务队", "党员志愿服务队常态化开展便民服务，每月进社区、进学校、进企业各一次，服务群众 {h} 余人次。"),
    ("精益看板", "把{work}的关键指标做成精益看板，党员认领指标、班组晾晒进度，问题当天发现、当天整改。"),
    ("清廉班组", "开展“清廉班组”创建，梳理岗位廉洁风险点 {n} 个，逐项制定防控措施，做到风险可知、可控。"),
)
SCATTERS = ("人在路上、难以集中", "分散在各个站点", "轮班倒班、作息不一", "长期驻守一线现场")
SPOTS = ("待班室和休息区", "作业现场和班前会", "站点营业间隙", "工地现场和项目部", "巡检途中和值班室")
RESULTS = ("连续 {n} 年实现安全生产责任事故零发生", "客户满意度提升至 {p}%", "全年节约运行成本 {m} 万元",
           "培养技术骨干 {n} 名，其中 {k} 人获评技能专家", "{n} 项合理化建议被采纳，创造效益 {m} 万元",
           "发展新党员 {k} 名，{k2} 名青年员工递交入党申请书", "获得国家专利 {k} 项", "{work}效率同比提升 {p2}%",
           "志愿服务时长累计 {h} 小时", "党员示范岗覆盖全部 {n} 个关键岗位", "保障重大活动期间{work}零差错",
           "员工技能等级持证率达到 {p}%", "隐患整改完成率 100%，共整改隐患 {h} 项")
COLLECTIVE = ("先进基层党组织", "五星党支部", "工人先锋号", "青年文明号", "安全生产先进集体", "模范职工之家",
              "巾帼文明岗", "标准化党支部")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余"
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文辉红梅志海鹏兰玉"
         "春晓宇浩婷雪琳斌波峰俊欣佳丹亮凯健燕慧颖鑫坤晨阳")
POSTS = ("驾驶员、党小组长", "调度员", "押运员", "站长", "安全员", "技术员", "班组长、党小组长", "计量员", "化验员",
         "设备工程师", "客户经理", "副站长", "副主任、党支部组织委员", "营销主管、党支部宣传委员",
         "财务主管、党支部纪检委员", "团支部书记", "值班长", "检修工", "巡线工", "信息工程师", "仓库保管员",
         "加油员", "便利店店长", "质检员", "项目经理", "施工员", "内训师", "运行值班员", "抢修班长", "客服专员")
MOTTOS = ("我是党员向我看。", "把安全放在心上，把责任扛在肩上。", "干一行、爱一行、精一行。", "用心服务每一位客户。",
          "岗位就是阵地，工作就是责任。", "小事做细，细事做精。", "哪里有困难，哪里就有党员。", "守好每一道关口。",
          "不忘初心，踏实做事。", "一次把事情做对。", "安全无小事，责任重于山。", "用汗水浇灌平凡岗位。",
          "以客户满意为标准。", "精益求精，追求卓越。", "敢为人先，勇于担当。", "服务无止境，满意是标准。",
          "细节决定成败。", "让每一滴油都放心。", "当好群众的贴心人。", "平凡岗位也能出彩。", "今天的事今天办好。",
          "多想一步，多看一眼，多查一遍。", "困难面前不低头，任务面前不讲价。", "做一颗永不生锈的螺丝钉。",
          "把每一次巡检都当作第一次。", "学无止境，技无止境。", "群众的事再小也是大事。", "守住底线，干出亮点。")
HONOURS = (  # registered in mkdocs.yml: title, how its period is written
    ("明星党员", "month"), ("优秀共产党员", "year"), ("优秀党务工作者", "year"), ("劳动模范", "year"),
    ("五一劳动奖章", "year"), ("党员示范岗", "year"), ("党员先锋岗", "year"), ("党员责任区", "quarter"),
    ("技能专家", "span"))
FIGURE_P1 = ("{name}在{post}岗位上工作 {years} 年，{deed}。",
             "参加工作以来，{name}始终坚守在{work}一线，{deed}。",
             "{name} {joined} 年入党，{deed}，是大家公认的“{nick}”。",
             "作为{post}，{name}把“{motto}”当作座右铭，{deed}。")
DEEDS = ("累计安全作业超过 {n} 万小时，从未发生一起责任事故", "总结的“{trick}”工作法被编入培训教材",
         "带头完成技术革新 {k} 项，为单位节约成本 {m} 万元", "牵头整改各类隐患 {n} 项",
         "坚持每天提前半小时到岗检查设备", "在急难险重任务中 {k} 次担任突击队长",
         "结对帮带的 {k} 名青年员工全部成长为业务骨干", "连续 {k} 年被评为优秀班组长")
TRICKS = ("三查三看", "一看二听三测", "四步巡检", "五分钟复盘", "望闻问切", "两表一卡", "班前三问")
NICKS = ("活地图", "老黄牛", "安全卫士", "技术能手", "暖心大姐", "拼命三郎", "百事通", "定海神针")
FIGURE_P2 = ("{name}常说：“{motto_bare}”在 {year} 年的{event}中，{name}主动请缨，连续奋战 {k} 天，圆满完成任务。",
             "{name}注重传帮带，总结的操作要点在班组推广后，同类问题下降了 {p2}%。",
             "工作之余，{name}还是志愿服务队的骨干，{year} 年累计参加志愿服务 {k2} 次。",
             "面对{work}中的新任务，{name}带头学习新技术，取得了 {k} 项技能证书。")
EVENTS = ("迎峰度夏保供", "防汛抢险", "春运保供", "安全生产月", "岗位练兵技能比武", "冬季保暖保供",
          "重点工程建设", "系统升级切换", "台风应急处置", "节日保障")
TITLE_A = ("主题党日进站点", "流动党课开讲", "党员突击队冲锋在前", "迎峰度夏保供应", "防汛保供在一线",
           "技能比武显身手", "结对帮扶暖人心", "志愿服务进社区", "红色教育研学", "党员示范岗授牌",
           "互联共建结硕果", "安全生产月开展", "青年党员话初心", "清廉建设走深走实", "创新工作室再添成果",
           "新党员入党宣誓", "三会一课提质量", "党员责任区亮成绩", "春运保供不停歇", "暖心服务惠客户",
           "台风过后抢修忙", "节日保障显担当", "师徒结对传技艺", "微党课比赛举行", "重温入党誓词")
TITLE_B = ("党员在行动", "擦亮“{brand_a}”品牌", "{k} 天坚守保供不停", "守护万家灯火", "凝聚发展合力",
           "让党旗在一线飘扬", "{unit}党员勇担当", "为群众办实事", "筑牢安全防线", "跑出加速度",
           "锤炼过硬本领", "奋进新征程", "交出满意答卷", "党建业务双提升", "{n} 名党员齐上阵")
OPENINGS = ("{month} 月 {day} 日，{branch}组织党员开展“{event}”主题党日活动，{k} 名党员和入党积极分子参加。",
            "{month} 月中旬，{branch}结合{work}实际，组织党员围绕“{event}”开展专题学习和岗位实践。",
            "为做好{event}工作，{branch}提前部署，{month} 月 {day} 日召开支部委员会专题研究，明确党员责任分工。",
            "{month} 月 {day} 日一早，{branch}的党员们就来到现场，投入到{event}任务中。")
MIDDLES = ("{fig1}带领党员逐项梳理{work}的风险点，共排查出问题 {k} 项，当场整改 {k2} 项，其余明确了责任人和完成时限。",
           "活动中，{fig1}分享了自己在{event}中的经验，大家结合岗位实际交流体会，提出改进建议 {k} 条。",
           "{fig1}和{fig2}主动承担最难的任务，连续工作 {k} 个小时，确保各项工作按计划推进。",
           "党员们分成 {k} 个小组，分别到作业现场、服务窗口和客户单位开展检查和走访，收集意见建议 {k2} 条。",
           "支部书记{fig1}讲了一堂专题党课，从{work}的实际出发，讲形势、讲任务、讲党员的责任。",
           "为了让青年员工尽快上手，{fig2}把多年积累的操作要点整理成{k}条口诀，在班前会上逐条讲解。",
           "面对突发情况，{fig2}第一时间赶到现场，组织党员有序处置，{k} 个小时内恢复正常。",
           "{fig1}提出“先党员、后群众，先难后易”的安排，党员们主动认领了 {k} 项重点任务。")
SUBHEADS = ("一串数字见成效", "党员怎么干", "几点体会", "接下来的打算", "群众怎么说", "经验做法")
LIST_ITEMS = ("完成重点任务 {k} 项，按期完成率 100%；", "走访服务对象 {h} 户次，解决实际问题 {k} 个；",
              "开展专题学习 {k} 次，参学党员 {n} 人次；", "排查整改隐患 {k2} 项，实现零事故；",
              "形成工作标准 {k} 项，在全单位推广；", "收集意见建议 {k2} 条，已办结 {k} 条；",
              "节约成本 {m} 万元，效率提升 {p2}%；", "培养青年骨干 {k} 名，{k2} 人递交入党申请书；")
QUOTES = ("关键时刻站得出来，这是党员应该做的。", "一根绳拧成一股劲，再难的任务也能完成。",
          "把每件小事做好，就是对初心最好的守护。", "群众满意了，我们的工作才算真正做好。",
          "安全是干出来的，不是喊出来的。", "只要大家心往一处想，就没有过不去的坎。",
          "党员就要走在前面，这是我们的本分。", "能为大家办点实事，心里觉得很踏实。",
          "经验要传下去，队伍才能越带越强。", "今天多流一滴汗，明天少一分风险。")
TAGS = ("主题党日", "三会一课", "保供", "安全生产", "互联共建", "志愿服务", "技能比武", "党员突击队", "明星党员",
        "流动党课", "结对帮扶", "创新创效", "红色教育", "应急抢险", "客户服务", "青年党员", "清廉建设", "学习教育")
CAPTIONS = ("活动现场", "党员们在作业现场", "专题学习交流", "志愿服务合影", "技能比武现场", "授牌仪式", "现场检查")
PARTNER_KINDS = ("社区党委", "街道党工委", "中学党支部", "消防救援站党支部", "交警大队党支部", "客户单位党支部")
AREAS = ("组织联建", "活动联办", "党员联训", "资源共享", "安全联防", "服务联动")
JOINT = ("党建共建签约仪式", "联合主题党日", "联合应急演练", "党员志愿服务进社区", "联合开展安全宣传",
         "共建单位座谈交流", "青年党员联学")
WORKERS = 2


# ---------------------------------------------------------------------------------------------
# One branch's files
# ---------------------------------------------------------------------------------------------


@dataclass
class BranchFiles:
    slug: str
    texts: dict[str, str] = field(default_factory=dict)  # path in the folder -> content
    photos: list[tuple[str, str, tuple[int, int], int]] = field(default_factory=list)  # path, fixture, size, seed


def branch_slug(index: int) -> str:
    place, unit = PLACES[index % len(PLACES)], UNITS[index % len(UNITS)]
    cycle = index // (len(PLACES) * len(UNITS))
    return "".join(lazy_pinyin(place)) + f"-{unit[1]}" + (f"-{cycle + 1}" if cycle else "")


class Words:
    """The seeded random of one branch, and the numbers its templates are filled with."""

    def __init__(self, index: int):
        self.rng = random.Random(index * 7919 + 17)

    def pick(self, items):
        return self.rng.choice(items)

    def sample(self, items, count: int) -> list:
        return self.rng.sample(items, count)

    def fill(self, template: str, **names: str | int) -> str:
        r = self.rng.randint
        numbers = {"n": r(6, 40), "k": r(2, 9), "k2": r(2, 12), "m": r(15, 380), "p": r(92, 99),
                   "p2": r(8, 45), "h": r(60, 2400), "mins": r(10, 20), "years": r(5, 30), "year": r(2019, 2025)}
        return template.format(**{**numbers, **names})


def branch_files(index: int, total: int) -> BranchFiles:
    words = Words(index)
    place, (unit, _, work) = PLACES[index % len(PLACES)], UNITS[index % len(UNITS)]
    kind, full_kind, _ = words.rng.choices(BRANCH_TYPES, weights=[t[2] for t in BRANCH_TYPES])[0]
    region = words.pick(REGIONS)
    name = f"{place}{unit}{kind}"
    brand_a, brand_b = BRAND_A[index % len(BRAND_A)], BRAND_B[index % len(BRAND_B)]
    context = {"work": work, "branch": name, "unit": unit, "brand_a": brand_a}
    figures = make_figures(words, context, region)
    stories = make_stories(words, context, figures)
    files = BranchFiles(branch_slug(index))
    data = {
        "name": name,
        "full_name": f"中共{COMPANY}{region}分公司{place}{unit}{full_kind}",
        "org": f"{region}分公司党委",
        "type": kind,
        "secretary": figures[0]["name"],
        "members": words.rng.randint(12, 86),
        "founded": f"{words.rng.randint(1998, 2020)}-{words.rng.randint(1, 12):02d}",
        "ratings": make_ratings(words, region),
        "brand": make_brand(words, context, brand_a, brand_b),
        "honours": make_collective(words, region, place),
        "figures": figures,
        "stories": [],
        "partners": make_partners(words, index, total, place),
    }
    for number, story in enumerate(stories):
        photo = f"stories/{story.pop('slug')}.jpg"
        files.photos.append((photo, STORY_SOURCES[number % 2], STORY_SIZE, index * 100 + 50 + number))
        story["photos"] = [photo if number % 2 else {"src": photo, "caption": words.pick(CAPTIONS)}]
        if number < INLINE_STORIES:
            data["stories"].append(story)
        else:
            files.texts[f"{photo[:-4]}.md"] = story_file(story)
    for number, figure in enumerate(figures):
        files.photos.append((figure["photo"], PORTRAIT_SOURCES[number % 2], PORTRAIT_SIZE, index * 100 + number))
    files.texts["branch.yml"] = SCHEMA_LINE + dump_yaml(data)
    files.texts["logo.svg"] = logo_svg(words)
    return files


def make_brand(words: Words, context: dict, brand_a: str, brand_b: str) -> dict:
    work = context["work"]
    actions = "\n".join(f"- {a}；" for a in words.sample(ACTIONS, 3))
    concept = (f"{context['unit']}承担着{work}等任务，{words.pick(CHALLENGES)}。"
               f"党支部坚持“**{words.pick(PRINCIPLES)}**”，打造“{brand_a}·{brand_b}”品牌。\n\n"
               f"**{brand_a}**：{words.pick(EXPLAIN_A).format(work=work)}\n\n"
               f"**{brand_b}**：{words.pick(EXPLAIN_B).format(work=work)}\n\n"
               f"品牌提出“三个一”的行动标准：\n\n{actions}\n")
    methods = [{"title": title, "text": words.fill(text, work=work, scatter=words.pick(SCATTERS),
                                                   spot=words.pick(SPOTS)) + "\n"}
               for title, text in words.sample(METHODS, words.rng.randint(2, 4))]
    results = [{"text": words.fill(text, work=work), "year": words.rng.randint(2021, 2025)}
               for text in words.sample(RESULTS, words.rng.randint(2, 4))]
    return {
        "name": f"{brand_a}·{brand_b}",
        "slogan": f"{words.pick(SLOGAN_A)} {words.pick(SLOGAN_B)}",
        "logo": "logo.svg",
        "logo_meaning": (f"标识以{words.pick(SHAPES)}为底，象征{words.pick(MEANINGS)}；"
                         f"中央是{words.pick(EMBLEMS)}，寓意{words.pick(MEANINGS)}。"),
        "concept": concept,
        "launched": f"{words.rng.randint(2016, 2023)}-{words.rng.randint(1, 12):02d}",
        "tier": words.rng.choices(("培育", "示范", "标杆"), weights=(3, 5, 2))[0],
        "methods": methods,
        "results": results,
    }


def make_ratings(words: Words, region: str) -> list[dict]:
    first = words.rng.randint(2020, 2024)
    return [{"year": year, "level": words.pick(("三星党支部", "四星党支部", "五星党支部")), "by": f"{region}分公司党委"}
            for year in range(first, 2026)]


def make_collective(words: Words, region: str, place: str) -> list[dict]:
    by = (f"{region}分公司党委", f"{COMPANY}党委", f"{place}区总工会", f"{place}区团委")
    return [{"title": title, "period": str(words.rng.randint(2019, 2025)), "by": words.pick(by)}
            for title in words.sample(COLLECTIVE, words.rng.randint(1, 3))]


def make_figures(words: Words, context: dict, region: str) -> list[dict]:
    figures: list[dict] = []
    ids: set[str] = set()
    while len(figures) < FIGURES_PER_BRANCH:
        name = words.pick(SURNAMES) + "".join(words.sample(GIVEN, words.rng.choice((1, 2, 2))))
        figure_id = "-".join(lazy_pinyin(name))
        if figure_id in ids:
            continue
        ids.add(figure_id)
        post = "主任、党支部书记" if not figures else words.pick(POSTS)
        figures.append(make_figure(words, context, region, name, figure_id, post))
    return figures


def make_figure(words: Words, context: dict, region: str, name: str, figure_id: str, post: str) -> dict:
    motto = words.pick(MOTTOS)
    joined = words.rng.randint(1992, 2022)
    names = {"name": name, "post": post, "work": context["work"], "motto": motto.rstrip("。"),
             "motto_bare": motto, "joined": joined, "nick": words.pick(NICKS), "event": words.pick(EVENTS)}
    deed = words.fill(words.pick(DEEDS), trick=words.pick(TRICKS))
    story = (words.fill(words.pick(FIGURE_P1), deed=deed, **names) + "\n\n"
             + words.fill(words.pick(FIGURE_P2), **names) + "\n")
    figure = {"id": figure_id, "name": name, "photo": f"people/{figure_id}.jpg", "post": post,
              "joined": joined, "motto": motto, "honours": make_honours(words, region), "story": story}
    if words.rng.random() < 0.3:
        figure["focus"] = [round(words.rng.uniform(0.4, 0.6), 2), round(words.rng.uniform(0.2, 0.4), 2)]
    return figure


def make_honours(words: Words, region: str) -> list[dict]:
    honours = []
    for title, kind in words.sample(HONOURS, words.rng.randint(1, 3)):
        year = words.rng.randint(2019, 2026)
        period = {"year": str(year), "month": f"{year}-{words.rng.randint(1, 10 if year == 2026 else 12):02d}",
                  "quarter": f"{year}-Q{words.rng.randint(1, 3 if year == 2026 else 4)}",
                  "span": f"{year - 2}~{year}"}[kind]
        honours.append({"title": title, "period": period, "by": words.pick((f"{region}分公司党委", f"{COMPANY}党委"))})
    return honours


def make_stories(words: Words, context: dict, figures: list[dict]) -> list[dict]:
    stories = []
    for title_a in words.sample(TITLE_A, STORIES_PER_BRANCH):
        year = words.rng.randint(2020, 2026)
        month, day = words.rng.randint(1, 10 if year == 2026 else 12), words.rng.randint(1, 28)
        chosen = words.sample(figures, words.rng.randint(2, 3))
        names = {**context, "fig1": chosen[0]["name"], "fig2": chosen[-1]["name"], "month": month, "day": day,
                 "event": words.pick(EVENTS)}
        stories.append({
            "slug": f"{year}-{month:02d}-{day:02d}-" + "-".join(lazy_pinyin(title_a)[:3]),
            "title": f"{title_a} {words.fill(words.pick(TITLE_B), **context)}",
            "date": f"{year}-{month:02d}-{day:02d}",
            "body": story_body(words, names, chosen),
            "figures": [f["id"] for f in chosen],
            "tags": words.sample(TAGS, words.rng.randint(1, 3)),
        })
    return stories


def story_body(words: Words, names: dict, figures: list[dict]) -> str:
    paragraphs = [words.fill(words.pick(OPENINGS), **names)]
    paragraphs += [words.fill(m, **names) for m in words.sample(MIDDLES, words.rng.randint(1, 3))]
    if words.rng.random() < 0.6:
        items = "\n".join(f"- {words.fill(item)}" for item in words.sample(LIST_ITEMS, 3))
        paragraphs.append(f"## {words.pick(SUBHEADS)}\n\n{items}")
    speaker = words.pick(figures)
    paragraphs.append(f"{speaker['post'].split('、')[0]}{speaker['name']}说：“{words.pick(QUOTES)}”")
    return "\n\n".join(paragraphs) + "\n"


def make_partners(words: Words, index: int, total: int, place: str) -> list[dict]:
    partners: list[dict] = []
    if total > 1 and words.rng.random() < 0.7:
        partners.append({"branch": branch_slug((index + 1) % total)})
    if words.rng.random() < 0.5:
        since = words.rng.randint(2019, 2023)
        activities = [{"date": f"{year}-{words.rng.randint(1, 12):02d}-{words.rng.randint(1, 28):02d}",
                       "title": words.pick(JOINT)}
                      for year in sorted(words.sample(range(since, 2026), words.rng.randint(1, 3)))]
        partners.append({"name": f"{place}{words.pick(PARTNER_KINDS)}", "since": str(since),
                         "agreement": "党建结对共建协议书", "areas": words.sample(AREAS, 3), "activities": activities})
    return partners


def story_file(story: dict) -> str:
    meta = {k: v for k, v in story.items() if k != "body"}
    return f"---\n{dump_yaml(meta)}---\n{story['body']}"


def logo_svg(words: Words) -> str:
    red = f"#{words.rng.randint(0xA0, 0xD0):02x}{words.rng.randint(0x10, 0x30):02x}{words.rng.randint(0x10, 0x30):02x}"
    gold = f"#{words.rng.randint(0xC8, 0xF0):02x}{words.rng.randint(0x90, 0xB0):02x}{words.rng.randint(0x10, 0x30):02x}"
    r = words.rng.randint(70, 94)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200" '
            f'width="200" height="200">\n  <circle cx="100" cy="100" r="{r}" fill="{red}" stroke="{gold}" '
            f'stroke-width="8"/>\n  <polygon points="100,30 117,80 170,80 127,110 143,160 100,130 57,160 73,110 '
            f'30,80 83,80" fill="{gold}"/>\n</svg>\n')


class _Dumper(yaml.SafeDumper):
    """Block style (|) for multi-line text, as editors write it."""


def _text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None)


_Dumper.add_representer(str, _text)


def dump_yaml(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)


# ---------------------------------------------------------------------------------------------
# Photos
# ---------------------------------------------------------------------------------------------


def make_photo(job: tuple[str, str, tuple[int, int], int]) -> int:
    """One photo with its own crop, mirror, tint and sensor noise; returns its size in bytes."""
    target, source, size, seed = job
    if Path(target).is_file():  # left by an interrupted run
        return Path(target).stat().st_size
    rng = random.Random(seed)
    image = Image.open(PHOTOS / source).convert("RGB")
    aspect = size[0] / size[1]
    width, height = image.size
    crop = (width, round(width / aspect)) if width / height < aspect else (round(height * aspect), height)
    scale = rng.uniform(0.8, 1.0)
    crop = (round(crop[0] * scale), round(crop[1] * scale))
    left, top = rng.randint(0, width - crop[0]), rng.randint(0, height - crop[1])
    image = image.crop((left, top, left + crop[0], top + crop[1])).resize(size, Image.Resampling.BICUBIC)
    if rng.random() < 0.5:
        image = ImageOps.mirror(image)
    image = ImageEnhance.Brightness(image).enhance(rng.uniform(0.85, 1.15))
    image = ImageEnhance.Color(image).enhance(rng.uniform(0.8, 1.2))
    noise = Image.effect_noise(size, rng.uniform(3, 6)).convert("RGB")
    image = ImageChops.add(image, noise, offset=-128)
    part = Path(target + ".part")
    image.save(part, "JPEG", quality=88)
    part.rename(target)
    return Path(target).stat().st_size


# ---------------------------------------------------------------------------------------------
# The corpus
# ---------------------------------------------------------------------------------------------


@dataclass
class Corpus:
    root: Path
    branches: int
    seconds: float  # spent generating it this run (0 when reused)
    photos: int
    photo_bytes: int
    reused: bool


def make_corpus(root: Path, branches: int, workers: int = WORKERS) -> Corpus:
    """Generate the corpus at `root` unless a complete one is there; refresh the tool's files."""
    refresh_project(root)
    mark = root / DONE_MARK
    expected = f"{CORPUS_VERSION}\n{branches}\n"
    if mark.is_file() and mark.read_text() == expected:
        photos = sorted((root / "branches").glob("*/*/*.jpg"))
        return Corpus(root, branches, 0.0, len(photos), sum(p.stat().st_size for p in photos), True)
    start = time.perf_counter()
    if mark.is_file() and (root / "branches").exists():  # another size or an older generator
        shutil.rmtree(root / "branches")
    jobs = []
    for index in range(branches):
        jobs += write_branch(root / "branches", index, branches)
    with Pool(workers) as pool:
        photo_bytes = sum(pool.imap_unordered(make_photo, jobs, chunksize=8))
    mark.write_text(expected)
    return Corpus(root, branches, time.perf_counter() - start, len(jobs), photo_bytes, False)


def write_branch(branches_dir: Path, index: int, total: int) -> list[tuple[str, str, tuple[int, int], int]]:
    files = branch_files(index, total)
    folder = branches_dir / files.slug
    for sub in ("people", "stories"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    for name, text in files.texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [(str(folder / path), source, size, seed) for path, source, size, seed in files.photos]


def refresh_project(root: Path) -> None:
    """The current mkdocs.yml, theme/ and docs/ of the repository: they belong to the tool."""
    root.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source, target = REPO / part, root / part
        if target.is_dir():
            shutil.rmtree(target)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy2(source, target)
