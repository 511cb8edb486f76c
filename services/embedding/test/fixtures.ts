import { Enterprise, Post, StudentProfile } from '@chanjiao/domain';

/** Records for the text and similarity tests: real catalog majors, realistic fields. */
const at = '2026-03-01T08:00:00+08:00';

export const plcStudent = StudentProfile.parse({
  id: 'stu-plc',
  schoolId: 'sch-1',
  majorCode: '460306',
  level: 'higher',
  graduationYear: 2027,
  skills: [{ name: 'PLC编程', level: 'advanced' }, { name: '电气控制', level: 'intermediate' }, { name: 'AutoCAD' }],
  certificates: [{ name: '低压电工证', level: 'intermediate' }],
  preferences: { postKinds: ['job', 'internship'], industries: ['智能制造'] },
  selfIntroduction: '在校期间参加过西门子S7-1200 PLC控制系统安装与调试竞赛，能看懂电气原理图，独立完成过生产线电气柜接线。',
  consentToBeFound: true,
  updatedAt: at,
});

export const nursingStudent = StudentProfile.parse({
  id: 'stu-nurse',
  schoolId: 'sch-2',
  majorCode: '520201',
  level: 'higher',
  graduationYear: 2027,
  skills: [{ name: '静脉输液', level: 'intermediate' }, { name: '基础护理' }, { name: '心肺复苏' }],
  certificates: [{ name: '护士执业资格证' }],
  selfIntroduction: '在市人民医院内科病房实习八个月，熟悉病人的日常护理、用药观察和护理记录，有耐心，善于和病人沟通。',
  consentToBeFound: true,
  updatedAt: at,
});

export const factory = Enterprise.parse({
  id: 'ent-1',
  name: '珠海金湾智能装备有限公司',
  city: '珠海',
  park: '金湾高新区',
  industry: '智能制造',
  updatedAt: at,
});

export const plcPost = Post.parse({
  id: 'post-plc',
  enterpriseId: 'ent-1',
  kind: 'job',
  title: 'PLC电气工程师',
  description: '负责自动化生产线的PLC程序编写与调试，电气图纸设计，设备故障排查与维护。',
  acceptedMajorCodes: ['4603', '460306'],
  requiredSkills: ['PLC编程', '电气控制'],
  preferredSkills: ['工业机器人'],
  requiredCertificates: [{ name: '低压电工证', minLevel: 'junior' }],
  seats: 5,
  term: '2027-spring',
  city: '珠海',
  trainingMode: '2+1',
  updatedAt: at,
});

export const cookPost = Post.parse({
  id: 'post-cook',
  enterpriseId: 'ent-2',
  kind: 'job',
  title: '中餐厨师',
  description: '负责酒店中餐厅热菜制作，菜品研发，厨房卫生与食材管理。',
  acceptedMajorCodes: ['5402'],
  requiredSkills: ['中式烹调', '刀工'],
  seats: 3,
  term: '2027-spring',
  city: '珠海',
  updatedAt: at,
});

export const wardNursePost = Post.parse({
  id: 'post-ward',
  enterpriseId: 'ent-3',
  kind: 'job',
  title: '病房护士',
  description: '在住院部病房负责病人护理、输液、生命体征观察和护理文书书写。',
  acceptedMajorCodes: ['5202'],
  requiredSkills: ['静脉输液', '基础护理'],
  requiredCertificates: [{ name: '护士执业资格证' }],
  seats: 10,
  term: '2027-spring',
  city: '珠海',
  updatedAt: at,
});

export const javaPost = Post.parse({
  id: 'post-java',
  enterpriseId: 'ent-4',
  kind: 'internship',
  internshipMode: 'on_post',
  title: 'Java开发实习生',
  description: '参与公司后台系统开发，使用Spring Boot和MySQL，编写接口和单元测试。',
  acceptedMajorCodes: ['5102'],
  requiredSkills: ['Java', 'Spring Boot', 'MySQL'],
  seats: 4,
  term: '2027-spring',
  city: '珠海',
  durationMonths: 6,
  updatedAt: at,
});
