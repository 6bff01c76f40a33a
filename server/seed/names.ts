import type { Rng } from './random.ts';

// Common surnames of western Guangdong first, so the distribution looks like the place.
const SURNAMES =
  '陈李黄梁林张罗刘吴杨何周谢邓冯钟邱苏叶曾郑彭蔡许潘卢朱王庞柯莫钱赵孙胡高马余袁温严丁韦谭'.split('');
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华文辉建国志红玉兰海燕云飞鹏宇浩俊鑫欣怡婷雪梅晓东振家荣宏德佳嘉琪颖诗雨子涵思睿泽'.split(
    '',
  );
const PLACE = '东南西北新旧上下大小山水河塘岭坡田园林湖江沙石金银龙凤鹤鹿桥头尾岗埠洞沟垌坑'.split('');
const PLACE2 = '华兴和平安康宁泰乐福寿昌盛丰源庆隆永祥兆光明德仁义礼信'.split('');

export function personName(r: Rng): string {
  const given = r.chance(0.7) ? r.pick(GIVEN) + r.pick(GIVEN) : r.pick(GIVEN);
  return r.pick(SURNAMES) + given;
}

export function placeName(r: Rng): string {
  return r.pick(PLACE) + r.pick(PLACE2);
}

export function mobile(r: Rng): string {
  const prefix = r.pick(['130', '131', '132', '135', '136', '137', '138', '139', '150', '152', '158', '159', '186', '188', '189', '199']);
  return prefix + String(r.int(0, 99_999_999)).padStart(8, '0');
}
