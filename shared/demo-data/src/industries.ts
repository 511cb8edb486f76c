/**
 * Industries of the seeds' places, each with the roles its enterprises hire for. A role names a
 * representative 高职 major; the generator takes the role's skills and certificates from the
 * lexicon for that major and accepts its 类 (on the levels the post wants), so posts and
 * students meet through the catalog, as the matching rules of docs/domain.md expect.
 */
export interface Role {
  /** Job title as an HR would write it. */
  readonly title: string;
  /** Representative 6-digit 高职 major. */
  readonly major: string;
  /** What the work is, for descriptions: "负责……". */
  readonly duty: string;
}

export interface Industry {
  readonly key: IndustryKey;
  /** The name stored on enterprises and in student preferences. */
  readonly name: string;
  /** What enterprises of this industry do, for descriptions. */
  readonly business: string;
  readonly roles: readonly Role[];
  /** Words for enterprise names and their legal-form suffixes. */
  readonly nameWords: readonly string[];
  readonly suffixes: readonly string[];
}

export type IndustryKey =
  | 'aviation'
  | 'marine'
  | 'smart_manufacturing'
  | 'automotive'
  | 'electronics'
  | 'software'
  | 'petrochemical'
  | 'biomedicine'
  | 'steel'
  | 'nonferrous'
  | 'energy'
  | 'logistics'
  | 'ecommerce'
  | 'finance'
  | 'healthcare'
  | 'eldercare'
  | 'tourism'
  | 'construction'
  | 'agriculture'
  | 'food'
  | 'media';

export const INDUSTRIES: Readonly<Record<IndustryKey, Industry>> = {
  aviation: {
    key: 'aviation',
    name: '航空航天',
    business: '通用飞机制造、航空器维修和无人机研发',
    roles: [
      { title: '飞机维修技术员', major: '460607', duty: '飞机机体、系统的定检与排故' },
      { title: '航空机电设备维修员', major: '500409', duty: '飞机机电设备的检查、拆装与维修' },
      { title: '航电设备调试员', major: '500410', duty: '机载电子设备的测试、调试与维修' },
      { title: '飞机装配工', major: '460602', duty: '飞机部件的铆接、装配与质量自检' },
      { title: '无人机装调检修员', major: '460609', duty: '无人机组装调试、试飞与维护' },
      { title: '航空发动机装配调试员', major: '460604', duty: '航空发动机的装配、试车与调试' },
    ],
    nameWords: ['翔宇', '航通', '云翼', '鲲鹏', '天舟', '蓝天', '领航', '中航'],
    suffixes: ['航空科技有限公司', '通用航空有限公司', '飞机维修工程有限公司', '航空工业有限公司'],
  },
  marine: {
    key: 'marine',
    name: '船舶与海洋工程装备',
    business: '海洋工程装备、游艇和船舶的设计与建造',
    roles: [
      { title: '船体装配工', major: '460501', duty: '船体分段的装配、测量与精度控制' },
      { title: '船舶电工', major: '460503', duty: '船舶电气设备的安装、接线与调试' },
      { title: '船舶焊工', major: '460504', duty: '船体结构的焊接与焊缝质量自检' },
      { title: '游艇制造技术员', major: '460508', duty: '游艇船体成型、舾装与下水调试' },
      { title: '海工装备安装技术员', major: '460510', duty: '海洋工程平台设备的安装与调试' },
    ],
    nameWords: ['海星', '蓝海', '南洋', '海川', '联合', '港湾'],
    suffixes: ['海洋工程有限公司', '游艇制造有限公司', '重工有限公司', '船舶工程有限公司'],
  },
  smart_manufacturing: {
    key: 'smart_manufacturing',
    name: '智能制造',
    business: '自动化产线、工业机器人集成和精密零部件加工',
    roles: [
      { title: 'PLC电气调试工程师', major: '460306', duty: '自动化产线电气控制系统的PLC编程与调试' },
      { title: '机电设备维修技术员', major: '460301', duty: '产线机电设备的日常点检、维修和保养' },
      { title: '工业机器人运维员', major: '460305', duty: '工业机器人工作站的示教编程、运行与维护' },
      { title: '数控操作工', major: '460103', duty: '数控车床、加工中心的编程与零件加工' },
      { title: '焊接技术员', major: '460110', duty: '结构件焊接、焊接机器人调试与焊缝检验' },
      { title: '模具钳工', major: '460113', duty: '模具的装配、试模与维修' },
      { title: '智能产线运维技术员', major: '460201', duty: '智能制造产线的运行监控与故障处理' },
      { title: '质检员', major: '460119', duty: '来料、过程与成品的检验和质量记录' },
      { title: '工业互联网运维员', major: '460310', duty: '设备数据采集、工业网络与MES系统维护' },
    ],
    nameWords: ['精工', '智造', '恒力', '博远', '创新', '金鼎', '华工', '汇川', '科达'],
    suffixes: ['智能装备有限公司', '精密机械有限公司', '自动化科技有限公司', '机电有限公司', '工具股份有限公司'],
  },
  automotive: {
    key: 'automotive',
    name: '汽车及新能源汽车',
    business: '整车与零部件制造、新能源汽车研发和售后服务',
    roles: [
      { title: '整车装配技术员', major: '460701', duty: '整车总装、调试与下线检测' },
      { title: '新能源汽车维修技师', major: '500212', duty: '新能源汽车三电系统的检测与维修' },
      { title: '汽车机电维修工', major: '500211', duty: '汽车发动机、底盘和电气的维修保养' },
      { title: '新能源汽车测试员', major: '460702', duty: '新能源汽车及动力电池的性能测试' },
      { title: '汽车销售顾问', major: '500210', duty: '汽车销售接待、试驾与交车服务' },
      { title: '智能网联测试员', major: '460704', duty: '智能网联汽车的功能测试与ADAS标定' },
    ],
    nameWords: ['吉达', '驰远', '新动力', '领途', '华泰', '众新', '长风'],
    suffixes: ['汽车有限公司', '新能源汽车有限公司', '汽车零部件有限公司', '汽车销售服务有限公司'],
  },
  electronics: {
    key: 'electronics',
    name: '电子信息与集成电路',
    business: '电子元器件、智能终端和集成电路的研发与制造',
    roles: [
      { title: 'SMT工艺技术员', major: '510104', duty: 'SMT贴片产线的工艺调试与品质控制' },
      { title: '电子产品测试员', major: '510105', duty: '电子产品功能测试、老化与故障分析' },
      { title: '芯片测试技术员', major: '510401', duty: '集成电路封装后的测试与数据分析' },
      { title: '嵌入式软件工程师助理', major: '510210', duty: '嵌入式软件的编写、调试与测试' },
      { title: '电子工艺工程师', major: '510101', duty: '电子产品工艺文件编制与产线导入' },
      { title: '物联网实施工程师', major: '510102', duty: '物联网设备部署、组网与联调' },
    ],
    nameWords: ['芯源', '光华', '联芯', '晶科', '粤芯', '微纳', '信达', '新宇'],
    suffixes: ['电子有限公司', '半导体有限公司', '微电子科技有限公司', '电子科技股份有限公司'],
  },
  software: {
    key: 'software',
    name: '软件和信息服务',
    business: '企业软件、工业互联网平台和数据服务',
    roles: [
      { title: 'Java开发工程师', major: '510203', duty: '业务系统后端接口的开发与维护' },
      { title: '前端开发工程师', major: '510213', duty: 'Web与小程序前端页面的开发' },
      { title: '软件测试工程师', major: '510201', duty: '测试用例编写、功能测试与缺陷跟踪' },
      { title: '网络运维工程师', major: '510202', duty: '企业网络与服务器的部署和日常运维' },
      { title: '大数据开发助理', major: '510205', duty: '数据采集、清洗与报表开发' },
      { title: '云平台运维工程师', major: '510206', duty: '云主机、容器平台的部署与监控' },
      { title: '人工智能训练师', major: '510209', duty: '数据标注、模型训练与效果评估' },
    ],
    nameWords: ['云图', '数智', '开源', '思创', '卓越', '汇智', '星河', '天翼'],
    suffixes: ['信息技术有限公司', '软件有限公司', '网络科技有限公司', '数据科技有限公司'],
  },
  petrochemical: {
    key: 'petrochemical',
    name: '石化与新材料',
    business: '石油化工、精细化学品和高分子新材料生产',
    roles: [
      { title: '化工总控操作员', major: '470204', duty: '化工装置的DCS监控、巡检与开停车' },
      { title: '化验分析员', major: '470208', duty: '原料、中间品和成品的化学与仪器分析' },
      { title: '化工仪表维护员', major: '470211', duty: '化工自动化仪表的校验与维护' },
      { title: '新材料工艺员', major: '430602', duty: '高分子材料配方试制与成型工艺控制' },
      { title: '化工操作工', major: '470201', duty: '化工单元操作与生产记录' },
    ],
    nameWords: ['华润', '恒信', '长炼', '碧海', '联科', '新元'],
    suffixes: ['石化有限公司', '化工有限公司', '新材料股份有限公司', '新材料科技有限公司'],
  },
  biomedicine: {
    key: 'biomedicine',
    name: '生物医药',
    business: '化学药、生物药与医疗器械的研发和生产',
    roles: [
      { title: '制剂操作员', major: '490201', duty: '固体制剂、注射剂生产操作与批记录' },
      { title: 'QC检验员', major: '490206', duty: '药品理化与微生物检验' },
      { title: '生物制药工艺员', major: '490202', duty: '细胞培养、发酵与纯化工艺操作' },
      { title: '医药销售代表', major: '490208', duty: '药品推广、客户拜访与终端维护' },
      { title: '医疗器械维修工程师', major: '490213', duty: '医疗设备的安装、维修与巡检' },
    ],
    nameWords: ['康健', '济民', '百草', '华康', '仁和', '博济', '瑞生'],
    suffixes: ['制药有限公司', '生物科技有限公司', '医药股份有限公司', '医疗器械有限公司'],
  },
  steel: {
    key: 'steel',
    name: '钢铁冶金',
    business: '钢铁冶炼、轧制和冶金设备制造',
    roles: [
      { title: '炼钢工', major: '430401', duty: '转炉炼钢操作、钢水成分与温度控制' },
      { title: '轧钢工', major: '430402', duty: '轧机操作、轧制工艺参数调整' },
      { title: '冶金设备点检员', major: '430403', duty: '冶金设备的点检、维护与故障处理' },
      { title: '金属材料检验员', major: '430404', duty: '钢材化学成分、力学性能和金相检验' },
      { title: '冶金电气维修工', major: '460306', duty: '冶金设备电气系统与PLC控制的维护' },
    ],
    nameWords: ['酒泉', '祁连', '雄关', '西部', '金川', '嘉东'],
    suffixes: ['钢铁有限公司', '冶金有限公司', '特钢有限公司', '冶金装备有限公司'],
  },
  nonferrous: {
    key: 'nonferrous',
    name: '有色金属',
    business: '有色金属采选、冶炼和深加工',
    roles: [
      { title: '有色冶炼工', major: '430501', duty: '铅锌、银等有色金属冶炼操作' },
      { title: '选矿工', major: '420602', duty: '破碎、磨矿、浮选设备的操作' },
      { title: '稀贵金属材料工艺员', major: '430505', duty: '稀贵金属材料加工工艺控制' },
      { title: '金属加工工', major: '430502', duty: '有色金属压延、精密加工操作' },
      { title: '化验员', major: '470208', duty: '矿样与产品的化学分析' },
    ],
    nameWords: ['金贵', '宇腾', '湘银', '南岭', '鑫达', '柿竹园'],
    suffixes: ['有色金属有限公司', '银业股份有限公司', '矿业有限公司', '新材料有限公司'],
  },
  energy: {
    key: 'energy',
    name: '新能源与电力',
    business: '风电、光伏发电和电网运维',
    roles: [
      { title: '光伏电站运维员', major: '430301', duty: '光伏电站的巡检、清洗与故障处理' },
      { title: '风电运维检修工', major: '430302', duty: '风电机组的定检、维护与故障处理' },
      { title: '变电运维值班员', major: '430101', duty: '变电站的运行值班与倒闸操作' },
      { title: '配电运维电工', major: '430108', duty: '厂区供配电系统的运行与维护' },
      { title: '储能电站运维员', major: '430504', duty: '储能系统的监控、巡检与维护' },
    ],
    nameWords: ['国电', '风光', '阳光', '绿能', '华能', '新源'],
    suffixes: ['新能源有限公司', '电力工程有限公司', '风力发电有限公司', '光伏科技有限公司'],
  },
  logistics: {
    key: 'logistics',
    name: '现代物流',
    business: '仓储、冷链和供应链服务',
    roles: [
      { title: '仓储管理员', major: '530802', duty: '入库、出库、盘点和库位管理' },
      { title: '物流调度员', major: '530802', duty: '运输计划编排与车辆调度' },
      { title: '冷链物流专员', major: '530805', duty: '冷链仓储与配送的温控管理' },
      { title: '采购与供应链专员', major: '530808', duty: '供应商对接、采购订单与库存分析' },
      { title: '快递运营主管助理', major: '500701', duty: '网点运营、分拣与时效管理' },
    ],
    nameWords: ['顺达', '通远', '安捷', '佳运', '联运', '中通'],
    suffixes: ['物流有限公司', '供应链管理有限公司', '冷链物流有限公司', '快递服务有限公司'],
  },
  ecommerce: {
    key: 'ecommerce',
    name: '电子商务',
    business: '品牌电商、直播电商和跨境电商',
    roles: [
      { title: '电商运营专员', major: '530701', duty: '店铺日常运营、活动策划与数据分析' },
      { title: '直播运营助理', major: '530704', duty: '直播选品、脚本策划与直播间运营' },
      { title: '跨境电商运营', major: '530702', duty: '跨境平台店铺运营与海外推广' },
      { title: '网店美工', major: '550102', duty: '商品主图、详情页与活动页设计' },
      { title: '电商客服专员', major: '530701', duty: '售前咨询、售后处理与客户维护' },
    ],
    nameWords: ['优品', '易购', '小商品', '乐购', '鲜生', '云仓'],
    suffixes: ['电子商务有限公司', '网络科技有限公司', '贸易有限公司', '供应链有限公司'],
  },
  finance: {
    key: 'finance',
    name: '财务与商务服务',
    business: '财税代理、会计服务和金融服务',
    roles: [
      { title: '会计助理', major: '530302', duty: '凭证录入、账务处理与报表编制' },
      { title: '出纳', major: '530302', duty: '资金收付、银行对账与票据管理' },
      { title: '税务专员', major: '530101', duty: '纳税申报、发票管理与税务筹划' },
      { title: '银行柜员', major: '530201', duty: '柜面业务办理与客户服务' },
      { title: '财务共享服务专员', major: '530301', duty: '费用审核、共享中心单据处理' },
    ],
    nameWords: ['诚信', '立信', '正和', '信达', '汇通', '金算盘'],
    suffixes: ['财务咨询有限公司', '会计服务有限公司', '税务师事务所有限公司', '金融服务有限公司'],
  },
  healthcare: {
    key: 'healthcare',
    name: '医疗卫生',
    business: '综合医疗、专科诊疗与康复服务',
    roles: [
      { title: '临床护士', major: '520201', duty: '病区基础护理、输液与病情观察' },
      { title: '助产士', major: '520202', duty: '产房助产、母婴护理与产后宣教' },
      { title: '检验技师', major: '520501', duty: '临床标本的检验与质控' },
      { title: '影像技师', major: '520502', duty: 'DR、CT等影像检查的操作' },
      { title: '康复治疗师', major: '520601', duty: '康复评定与运动治疗' },
      { title: '药房药剂员', major: '520301', duty: '处方调配、发药与用药指导' },
    ],
    nameWords: ['人民', '中医', '妇幼', '康复', '仁爱', '协和'],
    suffixes: ['医院', '医院', '医疗集团', '康复医院'],
  },
  eldercare: {
    key: 'eldercare',
    name: '健康养老',
    business: '机构养老、社区居家养老和健康管理',
    roles: [
      { title: '养老护理员', major: '590302', duty: '老年人生活照护、康复训练与健康记录' },
      { title: '健康管理师', major: '520801', duty: '健康档案建立、评估与干预' },
      { title: '托育保育员', major: '520802', duty: '婴幼儿生活照料与早期发展活动' },
      { title: '康复护理员', major: '520601', duty: '康复训练指导与护理' },
    ],
    nameWords: ['福寿', '颐康', '安心', '乐龄', '夕阳红', '康乐'],
    suffixes: ['养老服务有限公司', '康养中心', '健康管理有限公司', '托育服务有限公司'],
  },
  tourism: {
    key: 'tourism',
    name: '文化旅游',
    business: '景区运营、酒店和研学旅行服务',
    roles: [
      { title: '导游', major: '540102', duty: '团队接待、景点讲解与行程服务' },
      { title: '酒店前厅接待', major: '540106', duty: '前台接待、预订与宾客关系' },
      { title: '研学指导师', major: '540105', duty: '研学课程实施与学生安全管理' },
      { title: '景区讲解员', major: '540101', duty: '景区讲解与游客服务' },
      { title: '厨师', major: '540202', duty: '热菜、冷拼的制作与出品' },
      { title: '茶艺师', major: '540109', duty: '茶艺表演、茶品销售与门店服务' },
    ],
    nameWords: ['东江湖', '雄关', '长城', '双龙', '古城', '山水'],
    suffixes: ['旅游发展有限公司', '文化旅游有限公司', '酒店管理有限公司', '旅行社有限公司'],
  },
  construction: {
    key: 'construction',
    name: '建筑工程',
    business: '房屋建筑、市政工程和装配式建筑',
    roles: [
      { title: '施工员', major: '440301', duty: '现场施工组织、质量与安全管理' },
      { title: '造价员', major: '440501', duty: '工程量计算、计价与结算' },
      { title: 'BIM技术员', major: '440302', duty: 'BIM建模、碰撞检查与深化设计' },
      { title: '测量员', major: '420301', duty: '施工放样、控制测量与变形监测' },
      { title: '建筑智能化工程师助理', major: '440404', duty: '弱电与楼宇自控系统的安装调试' },
    ],
    nameWords: ['中建', '城建', '宏远', '华厦', '鼎盛', '安居'],
    suffixes: ['建设工程有限公司', '建筑有限公司', '工程咨询有限公司', '建工集团有限公司'],
  },
  agriculture: {
    key: 'agriculture',
    name: '现代农业',
    business: '特色种植、畜牧养殖和农产品加工',
    roles: [
      { title: '农业技术员', major: '410103', duty: '作物种植技术指导与病虫害防治' },
      { title: '畜牧技术员', major: '410303', duty: '畜禽饲养管理与疫病防控' },
      { title: '茶叶加工技术员', major: '410107', duty: '茶叶采制、加工与品质管理' },
      { title: '葡萄酒庄园技术员', major: '540108', duty: '葡萄种植、酿造与品鉴接待' },
    ],
    nameWords: ['绿源', '丰收', '田园', '佛手', '紫轩', '金穗'],
    suffixes: ['农业发展有限公司', '生态农业有限公司', '农业科技有限公司', '酒庄有限公司'],
  },
  food: {
    key: 'food',
    name: '食品加工',
    business: '食品、饮料和特色农产品加工',
    roles: [
      { title: '食品检验员', major: '490104', duty: '食品理化与微生物检验' },
      { title: '食品生产技术员', major: '490101', duty: '生产线工艺控制与设备操作' },
      { title: '烘焙师', major: '540203', duty: '面包、西点的制作与新品研发' },
    ],
    nameWords: ['味美', '金华火腿', '粤海', '香满园', '鲜丰'],
    suffixes: ['食品有限公司', '食品股份有限公司', '饮料有限公司'],
  },
  media: {
    key: 'media',
    name: '文化传媒',
    business: '短视频内容、广告设计和数字媒体制作',
    roles: [
      { title: '视频剪辑师', major: '560212', duty: '短视频拍摄、剪辑与包装' },
      { title: '平面设计师', major: '550102', duty: '品牌物料、海报与包装设计' },
      { title: '新媒体运营', major: '560214', duty: '账号内容策划、直播与粉丝运营' },
      { title: '动画设计师', major: '560206', duty: '二维、三维动画的制作' },
    ],
    nameWords: ['星光', '创意', '橙子', '影像', '幻彩', '新视界'],
    suffixes: ['文化传媒有限公司', '广告有限公司', '影视制作有限公司', '数字科技有限公司'],
  },
};
