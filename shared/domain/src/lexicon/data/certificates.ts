import type { CertificateLevel } from '../../records/common.js';

/**
 * What kind of certificate this is in Chinese vocational education:
 * - `skill_level`: 职业技能等级证书 (formerly 国家职业资格证书), 五级/初级 … 一级/高级技师;
 * - `one_plus_x`: 1+X 职业技能等级证书 of the 2019 pilot, 初级 / 中级 / 高级;
 * - `special_operation`: 特种作业操作证 (应急管理部) and 特种设备作业人员证 (市场监管), no levels;
 * - `qualification`: 准入类 职业资格 and 执业资格 (护士, 教师, 导游 …);
 * - `professional_title`: 专业技术资格 (初级 / 中级 / 高级职称);
 * - `general`: certificates any student may hold (计算机等级, 英语四六级, 普通话, 驾驶证).
 */
export type CertificateKind =
  | 'skill_level'
  | 'one_plus_x'
  | 'special_operation'
  | 'qualification'
  | 'professional_title'
  | 'general';

export interface CertificateSpec {
  /** `canonical|synonym|…` as for skills. */
  readonly spec: string;
  readonly kind: CertificateKind;
  /** Overrides the kind's default levels (see `DEFAULT_LEVELS`). */
  readonly levels?: readonly CertificateLevel[];
  /** Level words of this certificate that are not the usual 初级/中级/高级 (计算机二级 …). */
  readonly levelLabels?: Readonly<Partial<Record<CertificateLevel, readonly string[]>>>;
  /** Level-free field codes (大类 `06` or 类 `06-03`); empty for `general`. */
  readonly fields: readonly string[];
  /** Major-name fragments that put the certificate first for those majors (like `MAJOR_SKILL_HINTS`). */
  readonly majors?: readonly string[];
}

export const DEFAULT_LEVELS: Readonly<Record<CertificateKind, readonly CertificateLevel[]>> = {
  skill_level: ['junior', 'intermediate', 'senior', 'technician', 'senior_technician'],
  one_plus_x: ['junior', 'intermediate', 'senior'],
  special_operation: [],
  qualification: [],
  professional_title: ['junior', 'intermediate', 'senior'],
  general: [],
};

/**
 * 职业技能等级证书: `{occupation}职业技能等级证书`, also known as `{occupation}证` and by its old
 * 职业资格 name. `shortName: false` where `{occupation}证` colloquially means a 特种作业 licence
 * (电工证 is the 低压电工作业证, 焊工证 the 焊接与热切割作业证). A licence has no levels, so the
 * same short name written with one (电工证（中级）, 中级焊工证) is read as this certificate
 * (`SkillLexicon.resolveCertificate`).
 */
function skillLevel(
  occupation: string,
  fields: readonly string[],
  majors?: readonly string[],
  extra: readonly string[] = [],
  shortName = true,
): CertificateSpec {
  const names = [`${occupation}职业技能等级证书`, ...(shortName ? [`${occupation}证`] : []), `${occupation}职业资格证书`, ...extra];
  return {
    spec: names.join('|'),
    kind: 'skill_level',
    fields,
    ...(majors ? { majors } : {}),
  };
}

/** 1+X certificate: `{name}职业技能等级证书`, also `1+X{name}` and `{name}证书`. */
function onePlusX(name: string, fields: readonly string[], majors?: readonly string[]): CertificateSpec {
  // Schools write the machining ones without 加工 (1+X 数控车铣(中级)); with the 1+X mark the
  // short name is still unmistakably the certificate (alone, 数控车铣 is the skill).
  const short = name.endsWith('加工') ? [`1+X${name.slice(0, -2)}`] : [];
  return {
    spec: [`${name}职业技能等级证书`, `1+X${name}`, ...short, `${name}证书`].join('|'),
    kind: 'one_plus_x',
    fields,
    ...(majors ? { majors } : {}),
  };
}

export const CERTIFICATES: readonly CertificateSpec[] = [
  // 特种作业操作证 / 特种设备作业人员证
  {
    spec: '低压电工作业证|电工证|低压电工证|低压电工操作证|特种作业操作证（低压电工）|低压电工作业',
    kind: 'special_operation',
    fields: ['03-01', '03-02', '03-03', '04-04', '06-02', '06-03', '06-07', '10-06', '05-03'],
    majors: ['电气', '机电', '电力', '供用电', '电工', '自动化', '电梯', '制冷', '楼宇', '智能化'],
  },
  {
    spec: '高压电工作业证|高压电工证|特种作业操作证（高压电工）|高压电工作业',
    kind: 'special_operation',
    fields: ['03-01', '05-03'],
    majors: ['电力', '输配电', '供用电', '发电'],
  },
  {
    spec: '熔化焊接与热切割作业证|焊工证|焊接与热切割作业证|特种作业操作证（焊接与热切割）|电焊证',
    kind: 'special_operation',
    fields: ['06-04', '06-05'],
    majors: ['焊接', '船舶', '钢结构', '机械制造', '锻压', '铸造'],
  },
  { spec: '高处作业证|登高证|登高作业证|特种作业操作证（高处作业）', kind: 'special_operation', fields: ['03-03', '04-03', '11-03'], majors: ['风力', '光伏', '通信工程'] },
  { spec: '制冷与空调作业证|制冷证|特种作业操作证（制冷与空调）', kind: 'special_operation', fields: [], majors: ['制冷', '空调', '供热通风', '冷链'] },
  { spec: '化工自动化控制仪表作业证|化工仪表证|特种作业操作证（化工自动化控制仪表）', kind: 'special_operation', fields: ['07-02'], majors: ['化工自动化', '仪表'] },
  { spec: '危险化学品安全作业证|危化品作业证|特种作业操作证（危险化学品安全作业）', kind: 'special_operation', fields: ['07-02', '02-09'], majors: ['化工', '石油'] },
  { spec: '煤矿安全作业证|煤矿特种作业操作证', kind: 'special_operation', fields: ['02-05'] },
  { spec: '金属非金属矿山安全作业证|矿山特种作业操作证', kind: 'special_operation', fields: ['02-06'] },
  { spec: '叉车司机证|叉车证|场（厂）内专用机动车辆作业证|N1叉车证', kind: 'special_operation', fields: ['13-08', '10-07'], majors: ['物流', '仓储', '港口'] },
  { spec: '起重机司机证|行车证|天车证|起重机械作业证', kind: 'special_operation', fields: ['03-04', '10-03'], majors: ['港口机械', '冶金', '钢铁', '轧钢'] },
  { spec: '电梯作业人员证|电梯证|电梯修理作业证', kind: 'special_operation', fields: [], majors: ['电梯'] },
  { spec: '锅炉作业人员证|司炉证|锅炉操作证', kind: 'special_operation', fields: ['03-02'], majors: ['热能', '供热'] },
  { spec: '建筑电工证|建筑施工特种作业操作资格证（建筑电工）', kind: 'special_operation', fields: ['04-03', '04-04'] },
  { spec: '架子工证|建筑架子工证|建筑施工特种作业操作资格证（架子工）', kind: 'special_operation', fields: ['04-03'] },

  // 准入类 职业资格 / 执业资格
  { spec: '护士执业资格证|护士资格证|护士执业证|护士证', kind: 'qualification', fields: ['12-02'], majors: ['护理', '助产'] },
  { spec: '执业助理医师资格证|助理医师证|执业助理医师', kind: 'qualification', fields: ['12-01'], majors: ['临床医学', '口腔医学', '中医', '针灸', '预防医学', '蒙医', '藏医', '维医', '傣医', '哈医', '朝医'] },
  { spec: '乡村全科执业助理医师资格证|乡村全科助理医师', kind: 'qualification', fields: ['12-01'] },
  {
    spec: '卫生专业技术资格|卫生职称|检验技士|药士|康复治疗士|放射医学技士',
    kind: 'professional_title',
    fields: ['12-03', '12-05', '12-06', '12-07'],
    majors: ['药学', '医学检验', '医学影像', '康复治疗', '放射治疗', '卫生检验'],
  },
  { spec: '执业药师资格证|执业药师', kind: 'qualification', fields: ['12-03', '09-02'], majors: ['药学', '药品经营', '中药学'] },
  { spec: '执业兽医资格证|执业助理兽医|兽医资格证', kind: 'qualification', fields: ['01-03'], majors: ['动物医学', '畜牧兽医', '中兽医', '宠物医疗', '水生动物医学'] },
  { spec: '教师资格证|教资|幼儿园教师资格证|小学教师资格证|中职教师资格证', kind: 'qualification', fields: ['17-01'], majors: ['教育', '体育', '语言'] },
  { spec: '导游资格证|导游证|全国导游资格证', kind: 'qualification', fields: ['14-01'], majors: ['导游', '旅游', '旅行社', '研学'] },
  { spec: '银行从业资格证|银行从业证', kind: 'qualification', fields: ['13-02'] },
  { spec: '证券从业资格证|证券从业证', kind: 'qualification', fields: ['13-02'], majors: ['证券', '财富', '金融'] },
  { spec: '基金从业资格证|基金从业证', kind: 'qualification', fields: ['13-02'], majors: ['证券', '财富'] },
  { spec: '保险从业资格证|保险代理人资格证', kind: 'qualification', fields: [], majors: ['保险'] },
  { spec: '社会工作者职业资格证|社工证|助理社会工作师', kind: 'professional_title', fields: ['19-01'], majors: ['社会工作', '社区', '民政', '青少年', '公益'] },
  { spec: '海船船员适任证书|船员适任证|船员证|海员证', kind: 'qualification', fields: ['10-03'], majors: ['航海', '轮机', '船舶电子电气', '国际邮轮乘务'] },
  { spec: '民用航空器维修人员执照|CCAR-66执照|机务执照|航空器维修执照', kind: 'qualification', fields: ['06-06'], majors: ['飞行器维修', '飞机', '航空发动机维修', '通用航空器'] },
  { spec: '民用无人机操控员执照|无人机驾驶证|无人机执照|CAAC无人机执照', kind: 'qualification', fields: [], majors: ['无人机'] },
  { spec: '民航乘务员训练合格证|乘务员合格证|空乘合格证', kind: 'qualification', fields: [], majors: ['空中乘务', '邮轮乘务'] },
  { spec: '播音员主持人资格证|主持人证|播音主持资格证', kind: 'qualification', fields: [], majors: ['播音', '主持'] },
  { spec: '法律职业资格证|司法考试证书', kind: 'qualification', fields: ['18-04'] },
  { spec: '保安员证|保安证', kind: 'qualification', fields: ['18-07'] },

  // 专业技术资格（职称）
  {
    spec: '会计专业技术资格|会计职称|初级会计师|会计师|初级会计职称|会计初级职称',
    kind: 'professional_title',
    fields: ['13-01', '13-03'],
    majors: ['会计', '财务', '审计', '财税', '统计与会计'],
  },
  { spec: '统计专业技术资格|统计师|统计职称', kind: 'professional_title', fields: ['13-04'] },
  { spec: '经济专业技术资格|经济师|初级经济师', kind: 'professional_title', fields: ['13-05', '13-06'] },
  {
    spec: '计算机技术与软件专业技术资格|软考|计算机软考|软件设计师|网络工程师证',
    kind: 'professional_title',
    fields: ['11-02'],
    levelLabels: { junior: ['初级', '程序员', '网络管理员'], intermediate: ['中级'], senior: ['高级'] },
  },
  { spec: '施工员证|施工员岗位证书', kind: 'qualification', fields: ['04-03', '04-06', '05-02'], majors: ['建筑工程', '市政', '道路', '水利'] },
  { spec: '质量员证|质检员证|质量员岗位证书', kind: 'qualification', fields: ['04-03', '04-06'] },
  { spec: '安全员证|安全员岗位证书|安全生产考核合格证', kind: 'qualification', fields: ['04-03', '04-05', '02-09'] },
  { spec: '资料员证|资料员岗位证书', kind: 'qualification', fields: ['04-03', '04-05'] },
  { spec: '造价员证|二级造价工程师|造价工程师', kind: 'professional_title', fields: ['04-05'], majors: ['造价'] },
  { spec: '报关水平测试证书|报关员证|报关证', kind: 'qualification', fields: ['13-05'], majors: ['关务', '国际经济与贸易', '国际商务'] },
  { spec: '国际贸易单证员证|单证员证', kind: 'qualification', fields: ['13-05'] },

  // 职业技能等级证书
  skillLevel('电工', ['03-01', '04-04', '06-02', '06-03', '10-06'], ['电气', '机电', '电力', '电工', '自动化'], ['维修电工证', '维修电工职业资格证书'], false),
  skillLevel('钳工', ['06'], ['机械', '模具', '装备']),
  skillLevel('车工', ['06-01'], ['数控', '机械制造', '机械加工']),
  skillLevel('铣工', ['06-01'], ['数控', '机械制造']),
  skillLevel('数控车工', ['06-01'], ['数控', '机械制造', '机械加工']),
  skillLevel('数控铣工', ['06-01'], ['数控']),
  skillLevel('加工中心操作工', ['06-01'], ['数控']),
  skillLevel('焊工', ['06-01', '06-04', '06-05'], ['焊接', '钢结构'], ['焊工等级证'], false),
  skillLevel('模具工', [], ['模具']),
  skillLevel('制图员', ['04-01', '06-01'], ['建筑设计', '机械设计', '制图']),
  // 计算机辅助设计绘图员 (人社部 CAD 绘图员 职业资格, 初级 … 高级), as offices write it: CAD绘图员证.
  skillLevel('计算机辅助设计绘图员', ['04-01', '06-01'], ['建筑设计', '机械设计', '制图', '模具', '室内'], ['CAD绘图员证', 'CAD绘图员', 'CAD绘图员职业资格证书']),
  skillLevel('工业机器人系统操作员', ['06-03'], ['机器人', '智能制造']),
  skillLevel('工业机器人系统运维员', ['06-03'], ['机器人']),
  skillLevel('可编程控制系统设计师', ['06-03'], ['自动化', '智能控制']),
  skillLevel('仪器仪表维修工', ['06-03'], ['仪表', '计量']),
  skillLevel('电梯安装维修工', [], ['电梯']),
  skillLevel('制冷空调系统安装维修工', [], ['制冷', '空调']),
  skillLevel('汽车维修工', ['06-07', '10-02'], ['汽车'], ['汽修工证']),
  skillLevel('机动车检测工', [], ['汽车检测']),
  skillLevel('化工总控工', ['07-02'], ['化工', '石油']),
  skillLevel('化学检验员', ['07', '09-01'], ['分析检验', '化学', '食品检验', '药品质量'], ['化学检验工证']),
  skillLevel('生化药品制造工', ['07-01'], ['生物', '制药']),
  skillLevel('药物制剂工', ['09-02'], ['制剂', '药品生产', '制药']),
  skillLevel('中药调剂员', ['12-04'], ['中药']),
  skillLevel('食品检验管理员', ['09-01'], ['食品检验', '质量与安全']),
  skillLevel('粮油保管员', ['09-03']),
  skillLevel('农艺工', ['01-01']),
  skillLevel('农作物植保员', ['01-01'], ['植物保护']),
  skillLevel('茶艺师', ['14-01'], ['茶'], ['茶艺师资格证']),
  skillLevel('评茶员', [], ['茶叶']),
  skillLevel('园林绿化工', ['01-02'], ['园林']),
  skillLevel('林业有害生物防治员', ['01-02']),
  skillLevel('动物疫病防治员', ['01-03']),
  skillLevel('家畜繁殖员', ['01-03']),
  skillLevel('水生动物病害防治员', ['01-04']),
  skillLevel('宠物健康护理员', [], ['宠物']),
  skillLevel('工程测量员', ['02-03', '04-03', '05-02'], ['测量', '测绘', '道路', '铁道工程']),
  skillLevel('地质调查员', ['02-01', '02-02']),
  skillLevel('钻探工', ['02-01', '02-04']),
  skillLevel('采油工', ['02-04']),
  skillLevel('生态环境监测员', ['02-08'], ['环境监测'], ['环境监测员证']),
  skillLevel('水处理工', ['02-08', '05-04'], ['水净化', '水务', '给排水']),
  skillLevel('消防设施操作员', ['02-09', '18-07'], ['消防'], ['消防证', '消防设施操作员证书']),
  skillLevel('应急救援员', ['02-09'], ['应急']),
  skillLevel('变配电运行值班员', ['03-01']),
  skillLevel('继电保护员', ['03-01'], ['继电保护']),
  skillLevel('锅炉运行值班员', ['03-02']),
  skillLevel('光伏电站运维员', ['03-03'], ['光伏']),
  skillLevel('风电机组检修工', ['03-03'], ['风力']),
  skillLevel('炼钢工', ['03-04'], ['钢铁', '冶金']),
  skillLevel('轧钢工', ['03-04'], ['轧钢']),
  skillLevel('金属材料检测工', ['03-04', '03-05'], ['材料检测']),
  skillLevel('有色金属冶炼工', ['03-05'], ['有色']),
  skillLevel('建材物理检验员', ['03-07']),
  skillLevel('塑料制品成型制作工', ['03-06'], ['塑料', '高分子', '复合材料']),
  skillLevel('气象观测员', ['02-07'], ['气象']),
  { spec: '防雷装置检测资格证|防雷检测资格证|防雷检测证', kind: 'qualification', fields: [], majors: ['雷电防护'] },
  skillLevel('家具制作工', ['08-01'], ['家具', '木业']),
  skillLevel('制浆造纸工', [], ['造纸']),
  skillLevel('钟表维修工', [], ['钟表']),
  skillLevel('调香师', [], ['香料', '香精']),
  skillLevel('贵金属首饰与宝玉石检测员', [], ['珠宝', '首饰', '宝玉石']),
  skillLevel('皮革及皮革制品加工工', [], ['皮革', '皮具', '鞋']),
  skillLevel('乐器维修工', [], ['乐器']),
  skillLevel('陶瓷工艺师', [], ['陶瓷']),
  skillLevel('油气管道保护工', ['10-05'], ['管道', '油气储运']),
  skillLevel('建筑信息模型技术员', ['04-01', '04-03'], ['智能建造', '建筑工程'], ['BIM技术员证']),
  skillLevel('测量放线工', ['04-03']),
  skillLevel('钢筋工', ['04-03']),
  skillLevel('水工监测工', ['05-02']),
  skillLevel('水文勘测工', ['05-01']),
  skillLevel('水电站运行值班员', ['05-03']),
  skillLevel('轨道列车司机', ['10-01', '10-06'], ['机车', '车辆']),
  skillLevel('城市轨道交通服务员', ['10-06'], ['城市轨道交通运营']),
  skillLevel('铁路客运员', ['10-01'], ['客运']),
  skillLevel('船舶电工', ['06-05'], ['船舶电气']),
  skillLevel('民航安全检查员', ['10-04'], ['民航安全', '空中安全'], ['安检员证']),
  skillLevel('民航乘务员', [], ['空中乘务']),
  skillLevel('物流服务师', ['13-08', '10-07'], ['物流']),
  skillLevel('快递员', ['10-07']),
  skillLevel('电子商务师', ['13-07']),
  skillLevel('互联网营销师', ['13-07', '16-02'], ['直播', '网络营销', '新媒体', '融媒体']),
  skillLevel('计算机程序设计员', ['11-02'], ['软件']),
  skillLevel('网络与信息安全管理员', ['11-02'], ['计算机网络', '网络技术', '信息安全', '网络安全', '密码']),
  skillLevel('信息通信网络运行管理员', ['11-03']),
  skillLevel('电子产品制版工', ['11-01']),
  skillLevel('半导体分立器件和集成电路装调工', ['11-04']),
  skillLevel('电子仪器仪表装调工', ['11-01'], ['电子产品', '应用电子', '电子信息']),
  skillLevel('养老护理员', ['12-02', '12-08', '19-03'], ['老年', '养老', '护理']),
  skillLevel('医疗护理员', ['12-02']),
  skillLevel('育婴员', ['12-08', '17-01', '19-03'], ['婴幼儿', '早期教育', '家政']),
  skillLevel('保育师', ['17-01'], ['学前', '早期']),
  skillLevel('健康管理师', ['12-07', '12-08'], ['健康']),
  skillLevel('公共营养师', ['12-08', '09-01'], ['营养']),
  skillLevel('保健按摩师', ['12-04', '12-06'], ['推拿', '康复', '养生']),
  skillLevel('眼镜验光员', ['12-09'], [], ['验光员证']),
  skillLevel('眼镜定配工', ['12-09']),
  skillLevel('口腔修复体制作工', [], ['口腔医学技术']),
  skillLevel('医疗器械装配工', [], ['医疗器械', '医疗装备', '医用电子']),
  skillLevel('中式烹调师', ['14-02'], ['烹饪'], ['厨师证', '中式烹调师资格证']),
  skillLevel('中式面点师', ['14-02'], ['面点']),
  skillLevel('西式烹调师', [], ['西式烹饪', '西餐']),
  skillLevel('西式面点师', ['09-01'], ['面点', '烘焙', '食品加工']),
  skillLevel('调酒师', [], ['葡萄酒']),
  skillLevel('咖啡师', [], ['休闲服务']),
  skillLevel('前厅服务员', [], ['酒店']),
  skillLevel('客房服务员', [], ['酒店', '民宿']),
  skillLevel('美容师', ['19-03'], ['美容']),
  skillLevel('美发师', ['19-03'], ['人物形象', '美发']),
  skillLevel('化妆师', [], ['人物形象', '美容美体']),
  skillLevel('家政服务员', ['19-03'], ['家政']),
  skillLevel('服装制版师', ['08-04'], ['服装', '服饰']),
  skillLevel('缝纫工', ['08-04']),
  skillLevel('纺织面料设计师', [], ['纺织品设计', '家用纺织']),
  skillLevel('印刷操作员', ['08-03']),
  skillLevel('包装设计师', ['08-02'], ['包装']),
  skillLevel('广告设计师', ['15-01'], ['广告', '视觉传达', '平面']),
  skillLevel('室内装饰设计师', [], ['室内', '装饰', '环境艺术']),
  skillLevel('摄影师', [], ['摄影']),
  skillLevel('社会体育指导员', ['17-03'], ['社会体育', '健身', '休闲体育']),
  skillLevel('游泳救生员', [], ['体育', '休闲体育']),
  skillLevel('劳动关系协调员', ['19-02'], ['劳动']),
  skillLevel('企业人力资源管理师', ['13-06', '19-02'], ['人力资源'], ['人力资源管理师证', 'HR证']),
  skillLevel('秘书', ['19-04'], ['文秘']),
  skillLevel('速录师', [], ['文秘']),
  skillLevel('档案管理员', ['15-04', '19-04'], ['档案']),
  skillLevel('心理咨询师', [], ['心理']),
  skillLevel('殡仪服务员', [], ['殡葬', '陵园']),
  skillLevel('婚姻家庭咨询师', [], ['婚庆']),
  skillLevel('安全防范系统安装维护员', ['18-07', '18-02'], ['安防']),
  skillLevel('森林消防员', [], ['森林草原防火']),
  skillLevel('文物修复师', [], ['文物']),
  skillLevel('出版物发行员', ['16-01']),
  skillLevel('广播电视编辑记者', ['16-01', '16-02'], ['新闻', '编导']),
  skillLevel('民族乐器制作工', ['15-03']),
  skillLevel('舞蹈演员', ['15-02'], ['舞蹈']),
  skillLevel('演出经纪人', ['15-04'], ['文化产业', '文化艺术管理', '演出']),
  skillLevel('司法鉴定人助理', ['18-06']),
  skillLevel('社区矫正社会工作者', ['18-05']),
  skillLevel('警务辅助人员', ['18-01', '18-03']),

  // 1+X 职业技能等级证书
  onePlusX('工业机器人操作与运维', ['06-03'], ['机器人', '智能制造']),
  onePlusX('工业机器人应用编程', ['06-03'], ['机器人', '机电']),
  onePlusX('工业机器人集成应用', [], ['机器人', '智能控制']),
  onePlusX('可编程控制器系统应用编程', ['06-02', '06-03'], ['电气', '机电', '自动化', '智能控制']),
  onePlusX('智能制造设备安装与调试', [], ['智能制造', '机电']),
  onePlusX('数控车铣加工', ['06-01'], ['数控', '机械制造', '机械加工']),
  onePlusX('多轴数控加工', [], ['数控', '数字化设计']),
  onePlusX('机械产品三维模型设计', ['06-01'], ['机械设计', '工业设计', '模具']),
  onePlusX('增材制造模型设计', [], ['增材']),
  onePlusX('特殊焊接技术', [], ['焊接']),
  onePlusX('工业互联网设备数据采集', [], ['工业互联网', '工业网络']),
  onePlusX('汽车运用与维修', ['06-07', '10-02'], ['汽车']),
  onePlusX('智能新能源汽车', [], ['新能源汽车']),
  onePlusX('轨道交通电气设备装调', ['06-04'], ['轨道', '铁道车辆']),
  onePlusX('城市轨道交通站务', ['10-06'], ['城市轨道交通运营']),
  onePlusX('民航旅客地面服务', ['10-04'], ['民航', '机场']),
  onePlusX('船舶焊接技术', [], ['船舶智能焊接']),
  onePlusX('无人机驾驶', [], ['无人机']),
  onePlusX('光伏电站运维', [], ['光伏']),
  onePlusX('发电集控运维', ['03-02'], ['发电']),
  onePlusX('建筑信息模型（BIM）', ['04'], ['建筑', '智能建造', '工程造价']),
  onePlusX('建筑工程识图', ['04-03', '04-05']),
  onePlusX('装配式建筑构件制作与安装', [], ['装配式']),
  onePlusX('工程造价数字化应用', ['04-05'], ['造价']),
  onePlusX('测绘地理信息数据获取与处理', ['02-03'], ['测绘', '遥感']),
  onePlusX('污水处理', [], ['环境工程', '水净化', '水环境']),
  onePlusX('化工危险与可操作性（HAZOP）分析', [], ['化工安全', '化工']),
  onePlusX('化妆品配方与制备', [], ['化妆品']),
  onePlusX('食品合规管理', [], ['食品质量', '食品检验']),
  onePlusX('粮农食品安全评价', ['09-03'], ['食品']),
  onePlusX('药物制剂生产', [], ['药物制剂', '药品生产']),
  onePlusX('医药商品购销员', [], ['药品经营', '医疗器械经营']),
  onePlusX('老年照护', ['12-08', '19-03'], ['护理', '老年', '养老']),
  onePlusX('失智老年人照护', [], ['老年', '养老']),
  onePlusX('母婴护理', [], ['护理', '助产', '家政']),
  onePlusX('幼儿照护', ['17-01'], ['婴幼儿', '学前', '早期']),
  onePlusX('产后恢复', [], ['助产', '健康管理']),
  onePlusX('传感网应用开发', ['11-01'], ['物联网', '传感']),
  onePlusX('物联网工程实施与运维', [], ['物联网']),
  onePlusX('智能硬件应用开发', [], ['智能产品', '嵌入式', '应用电子']),
  onePlusX('集成电路开发与测试', ['11-04']),
  onePlusX('Web前端开发', [], ['软件', '计算机', '移动互联']),
  onePlusX('Java Web应用开发', [], ['软件']),
  onePlusX('移动应用开发', [], ['移动应用', '移动互联']),
  onePlusX('云计算平台运维与开发', [], ['云计算']),
  onePlusX('大数据应用开发（Python）', [], ['大数据技术']),
  onePlusX('人工智能深度学习工程应用', [], ['人工智能']),
  onePlusX('网络系统建设与运维', ['11-02'], ['计算机网络', '网络规划', '智能互联网络', '通信']),
  onePlusX('网络安全评估', [], ['信息安全', '网络安全', '密码']),
  onePlusX('5G移动网络运维', ['11-03'], ['移动通信', '现代通信']),
  onePlusX('界面设计', [], ['数字媒体', '视觉传达', '艺术设计']),
  onePlusX('数字媒体交互设计', [], ['数字媒体', '虚拟现实']),
  onePlusX('数字创意建模', [], ['动漫', '游戏', '动画']),
  onePlusX('室内设计', [], ['室内', '装饰']),
  onePlusX('财务共享服务', [], ['会计', '财务']),
  onePlusX('业财一体信息化应用', [], ['会计', '财务', '审计']),
  onePlusX('智能财税', ['13-01', '13-03']),
  onePlusX('金融智能投顾', [], ['金融', '财富']),
  onePlusX('网店运营推广', ['13-07'], ['电子商务']),
  onePlusX('电子商务数据分析', [], ['电子商务', '商务数据']),
  onePlusX('直播电商', [], ['直播']),
  onePlusX('跨境电商B2B数据运营', [], ['跨境', '国际经济与贸易', '国际商务']),
  onePlusX('物流管理', ['13-08'], ['物流']),
  onePlusX('供应链数据分析', [], ['供应链', '采购']),
  onePlusX('酒店运营管理', [], ['酒店', '民宿']),
  onePlusX('研学旅行策划与管理', [], ['研学', '旅游']),
  onePlusX('餐饮管理运行', [], ['餐饮', '烹饪']),
  onePlusX('新媒体编辑', ['16-01'], ['新媒体', '融媒体', '网络新闻']),
  onePlusX('数字影视后期制作', [], ['影视', '摄影', '数字媒体']),
  onePlusX('社会体育指导（游泳）', [], ['体育']),
  onePlusX('运动营养咨询与指导', [], ['运动', '营养']),
  onePlusX('实用英语交际', ['17-02'], ['英语']),
  onePlusX('康复评定', [], ['康复']),
  onePlusX('眼视光技术', [], ['眼视光']),
  onePlusX('公共营养膳食管理', [], ['营养']),
  onePlusX('文创产品数字化设计', [], ['文化创意', '工艺美术']),
  onePlusX('服装陈列设计', [], ['服装陈列']),
  onePlusX('家庭农场生产经营', [], ['农场', '农业经济']),
  onePlusX('宠物护理与美容', [], ['宠物']),
  onePlusX('水产养殖', [], ['水产']),
  onePlusX('智慧社区管理', [], ['社区', '物业']),
  onePlusX('安全评价与咨询', [], ['安全评价', '安全技术']),

  // 通用
  {
    spec: '全国计算机等级考试证书|计算机等级证书|NCRE|计算机等级考试|计算机等级证',
    kind: 'general',
    levels: ['junior', 'intermediate', 'senior'],
    levelLabels: { junior: ['一级'], intermediate: ['二级'], senior: ['三级', '四级'] },
    fields: [],
  },
  { spec: '大学英语四级证书|CET-4|CET4|英语四级|大学英语四级', kind: 'general', fields: [] },
  { spec: '大学英语六级证书|CET-6|CET6|英语六级|大学英语六级', kind: 'general', fields: [] },
  { spec: '高等学校英语应用能力考试证书|英语A级|英语B级|PRETCO', kind: 'general', fields: [] },
  { spec: '普通话水平测试等级证书|普通话证|普通话等级证书|普通话二级甲等|普通话二甲|普通话一级乙等', kind: 'general', fields: [] },
  { spec: '机动车驾驶证|驾驶证|驾照|C1驾照|C1驾驶证', kind: 'general', fields: [] },
  { spec: '日语能力考试证书|JLPT|日语N2|日语N1', kind: 'general', fields: [] },
];
