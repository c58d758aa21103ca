/**
 * What the demo workspace holds, in each language Linecast speaks: the workspace, its customers (names, cities
 * and tiers as a CRM in that market would hold them), its first segment and a sample campaign. Attribute names
 * stay ASCII (they are Liquid variables); values are in the language.
 */
import type { Locale } from '../domain/locales.ts';

export interface DemoData {
  workspace: { name: string; description: string; timeZone: string };
  parentSegment: string;
  sandboxAccount: string;
  lastNames: string[];
  firstNames: string[];
  cities: string[];
  /** bronze, silver, gold, platinum, as the CRM writes them. */
  tiers: [string, string, string, string];
  segment: string;
  campaign: { name: string; text: string; utmCampaign: string };
}

const en: DemoData = {
  workspace: { name: 'Demo workspace', description: 'Created on first start', timeZone: 'Asia/Tokyo' },
  parentSegment: 'Demo customers',
  sandboxAccount: 'Sandbox (LINE emulator)',
  lastNames: ['Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Ito', 'Chen', 'Lin', 'Wong', 'Saetang', 'Srisuk'],
  firstNames: ['Aiko', 'Haruto', 'Yui', 'Sota', 'Mei', 'Ren', 'Hina', 'Minato', 'Sakura', 'Yuto', 'Chen', 'Wei', 'Ploy', 'Niran'],
  cities: ['Tokyo', 'Osaka', 'Fukuoka', 'Sapporo', 'Taipei', 'Bangkok', 'Nagoya'],
  tiers: ['bronze', 'silver', 'gold', 'platinum'],
  segment: 'Gold and platinum members',
  campaign: {
    name: 'Spring sale (sample)',
    text: 'Hello {{ profile.first_name | default: "there" }}!\nOur spring sale starts today, with extra points for {{ profile.tier | default: "members" }} members 🌸\nhttps://shop.example.com/sale',
    utmCampaign: 'spring_sale',
  },
};

const ja: DemoData = {
  workspace: { name: 'デモワークスペース', description: '初回起動時に作成されました', timeZone: 'Asia/Tokyo' },
  parentSegment: 'デモ顧客',
  sandboxAccount: 'サンドボックス（LINEエミュレーター）',
  // 髙 (hashigo-daka) is what Shift_JIS files from Japanese CRMs carry; it must survive import and rendering.
  lastNames: ['佐藤', '鈴木', '髙橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤', '吉田', '山田'],
  firstNames: ['陽翔', '結衣', '蒼', '芽依', '蓮', '陽菜', '湊', 'さくら', '悠真', '美咲', 'ひかり', '翔太'],
  cities: ['東京', '大阪', '福岡', '札幌', '名古屋', '横浜', '京都'],
  tiers: ['ブロンズ', 'シルバー', 'ゴールド', 'プラチナ'],
  segment: 'ゴールド・プラチナ会員',
  campaign: {
    name: '春のセール（サンプル）',
    text: '{{ profile.last_name | default: "お客" }}様\nいつもご利用ありがとうございます。本日より春のセールを開催中です🌸\n{{ profile.tier | default: "会員" }}会員様はポイント2倍！\nhttps://shop.example.com/sale',
    utmCampaign: 'spring_sale',
  },
};

const th: DemoData = {
  workspace: { name: 'เวิร์กสเปซตัวอย่าง', description: 'สร้างขึ้นเมื่อเริ่มใช้งานครั้งแรก', timeZone: 'Asia/Bangkok' },
  parentSegment: 'ลูกค้าตัวอย่าง',
  sandboxAccount: 'แซนด์บ็อกซ์ (โปรแกรมจำลอง LINE)',
  lastNames: ['ศรีสุข', 'แซ่ตั้ง', 'วงศ์สวัสดิ์', 'บุญมา', 'ทองดี', 'สุขสวัสดิ์', 'จันทร์เพ็ญ', 'พรหมมา'],
  firstNames: ['สมชาย', 'สมหญิง', 'ณัฐพล', 'พิมพ์ชนก', 'ธนากร', 'กมลชนก', 'ปิยะ', 'อารยา', 'กิตติ', 'ศิริพร', 'วรวุฒิ', 'นภัสสร'],
  cities: ['กรุงเทพฯ', 'เชียงใหม่', 'ภูเก็ต', 'ขอนแก่น', 'พัทยา', 'หาดใหญ่', 'นครราชสีมา'],
  tiers: ['บรอนซ์', 'ซิลเวอร์', 'โกลด์', 'แพลทินัม'],
  segment: 'สมาชิกระดับโกลด์และแพลทินัม',
  campaign: {
    name: 'โปรโมชันหน้าร้อน (ตัวอย่าง)',
    text: 'สวัสดีค่ะ คุณ{{ profile.first_name | default: "ลูกค้า" }}\nโปรโมชันหน้าร้อนเริ่มแล้ววันนี้ สมาชิกระดับ{{ profile.tier | default: "สมาชิก" }}รับคะแนนสะสม 2 เท่า ☀️\nhttps://shop.example.com/sale',
    utmCampaign: 'summer_sale',
  },
};

const zhTW: DemoData = {
  workspace: { name: '示範工作區', description: '首次啟動時建立', timeZone: 'Asia/Taipei' },
  parentSegment: '示範顧客',
  sandboxAccount: '沙盒（LINE 模擬器）',
  lastNames: ['陳', '林', '黃', '張', '李', '王', '吳', '劉', '蔡', '楊'],
  firstNames: ['怡君', '志明', '雅婷', '家豪', '淑芬', '冠宇', '佳穎', '承恩', '詩涵', '宗翰', '欣怡', '俊傑'],
  cities: ['台北', '新北', '台中', '台南', '高雄', '桃園', '新竹'],
  tiers: ['銅卡', '銀卡', '金卡', '白金卡'],
  segment: '金卡與白金卡會員',
  campaign: {
    name: '春季特賣（範例）',
    text: '{{ profile.last_name | default: "親愛的顧客" }}{{ profile.first_name }}您好：\n春季特賣今天開跑！{{ profile.tier | default: "會員" }}會員享點數兩倍回饋 🌸\nhttps://shop.example.com/sale',
    utmCampaign: 'spring_sale',
  },
};

export const DEMO_DATA: Record<Locale, DemoData> = { en, ja, th, 'zh-TW': zhTW };
