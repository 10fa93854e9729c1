// Place names in Chinese for the map's labels (the corridor data names places in English only).
// These are the names in common use in Chinese (城市, 港口, 口岸), not translations of the
// English descriptions: "Youyiguan / Friendship Pass (Pingxiang road port)" is 友谊关.
// A place missing here is labelled with its English name.
export const PLACE_NAMES = {
  zh: {
    CNCKG: "重庆", CNNPB: "重庆南彭公路物流基地", CNSPB: "重庆团结村", CNGYA: "贵阳", CNNIN: "南宁",
    CNQZH: "钦州港", CNPIN: "凭祥", CNYYG: "友谊关", CNLGB: "龙邦", CNKNM: "昆明", CNHKM: "河口",
    CNMHN: "磨憨", CNRUI: "瑞丽", CNJOG: "景洪港", CNGLP: "关累港", CNSYM: "思茅港", CNXIA: "西安",
    CNLAZ: "兰州", CNURM: "乌鲁木齐", CNAKL: "阿拉山口", CNHRS: "霍尔果斯",
    VNDDG: "同登", VNTRL: "茶岭", VNLCA: "老街", VNHAN: "河内", VNYEV: "安员", VNHPH: "海防",
    VNSGN: "胡志明市", VNCLI: "吉莱港", VNVAG: "永安港", VNMBI: "木排",
    LABTN: "磨丁", LALPQ: "琅勃拉邦", LAVTE: "万象", LAVTS: "万象南站", LAGT9: "塔纳凉",
    LALXG: "琅南塔", LAODY: "乌多姆赛", LAHOE: "会晒",
    THNOK: "廊开", THBKK: "曼谷", THLKR: "拉卡邦", THLCH: "林查班", THCHS: "清盛", THRYG: "罗勇",
    THCKX: "清孔", THCRI: "清莱",
    MMMSE: "木姐", MMLSH: "腊戌", MMMDL: "曼德勒", MMRGN: "仰光", MMKYP: "皎漂",
    KHBVT: "巴域", KHPNH: "金边", KHKOS: "西哈努克港", KHREP: "暹粒",
    SGSIN: "新加坡", KZDST: "多斯特克", PLMAA: "马拉舍维奇", DEDUI: "杜伊斯堡", BYBQT: "布列斯特",
  },
};
