/** Vocabulary for synthetic Indonesian customers: common given names, family/clan names, places. */
export const maleNames = ['Budi', 'Agus', 'Joko', 'Slamet', 'Andi', 'Rudi', 'Hendra', 'Dedi', 'Eko', 'Bambang', 'Wahyu', 'Rizki', 'Muhammad', 'Ahmad', 'Fajar', 'Arief', 'Yusuf', 'Dimas', 'Bayu', 'Gilang', 'Hadi', 'Irfan', 'Kurniawan', 'Teguh', 'Sutrisno', 'Heru', 'Adi', 'Indra', 'Rahmat', 'Dwi', 'Made', 'Wayan', 'Ketut', 'Putu', 'Hasan', 'Surya', 'Yoga', 'Aditya', 'Reza', 'Taufik'];
export const femaleNames = ['Siti', 'Sri', 'Dewi', 'Ani', 'Rina', 'Wati', 'Yuli', 'Fitri', 'Ratna', 'Dian', 'Nur', 'Lestari', 'Putri', 'Ayu', 'Indah', 'Rahayu', 'Wulan', 'Maya', 'Nining', 'Endang', 'Kartini', 'Mega', 'Novi', 'Lina', 'Sari', 'Tuti', 'Yanti', 'Intan', 'Anisa', 'Nurul', 'Kadek', 'Komang', 'Eka', 'Desi', 'Fransiska', 'Maria', 'Melati', 'Citra', 'Agustina', 'Handayani'];
export const familyNames = ['Santoso', 'Wijaya', 'Saputra', 'Hidayat', 'Setiawan', 'Pratama', 'Kusuma', 'Siregar', 'Nasution', 'Simanjuntak', 'Harahap', 'Lubis', 'Sitompul', 'Gunawan', 'Halim', 'Tanoto', 'Salim', 'Susanto', 'Purnomo', 'Nugroho', 'Hartono', 'Wibowo', 'Permana', 'Ramadhan', 'Utami', 'Wulandari', 'Suryani', 'Anggraini', 'Firmansyah', 'Maulana', 'Sembiring', 'Ginting', 'Tarigan', 'Pangaribuan', 'Situmorang', 'Manurung', 'Hutapea', 'Tambunan', 'Effendi', 'Syahputra'];
export const streets = ['Sudirman', 'Thamrin', 'Gatot Subroto', 'Diponegoro', 'Ahmad Yani', 'Gajah Mada', 'Hayam Wuruk', 'Merdeka', 'Pemuda', 'Veteran', 'Pahlawan', 'Kartini', 'Pattimura', 'Imam Bonjol', 'Teuku Umar', 'Asia Afrika', 'Malioboro', 'Basuki Rahmat', 'Raya Darmo', 'Mawar', 'Melati', 'Kenanga', 'Anggrek', 'Cempaka', 'Flamboyan'];
export const cities: readonly { city: string; province: string; postcode: string }[] = [
  { city: 'Jakarta Selatan', province: '31', postcode: '12190' },
  { city: 'Jakarta Barat', province: '31', postcode: '11470' },
  { city: 'Bandung', province: '32', postcode: '40111' },
  { city: 'Surabaya', province: '35', postcode: '60271' },
  { city: 'Medan', province: '12', postcode: '20112' },
  { city: 'Semarang', province: '33', postcode: '50132' },
  { city: 'Yogyakarta', province: '34', postcode: '55213' },
  { city: 'Denpasar', province: '51', postcode: '80234' },
  { city: 'Makassar', province: '73', postcode: '90111' },
  { city: 'Palembang', province: '16', postcode: '30126' },
  { city: 'Tangerang', province: '36', postcode: '15111' },
  { city: 'Bekasi', province: '32', postcode: '17141' },
  { city: 'Malang', province: '35', postcode: '65111' },
  { city: 'Balikpapan', province: '64', postcode: '76112' },
];
export const products = ['Kulkas 2 Pintu', 'Mesin Cuci', 'Televisi LED 43"', 'AC 1 PK', 'Rice Cooker', 'Smartphone', 'Laptop', 'Kipas Angin', 'Dispenser', 'Blender', 'Microwave', 'Sofa', 'Kasur Springbed', 'Lemari Pakaian', 'Setrika'];
export const mobilePrefixes = ['811', '812', '813', '821', '822', '823', '852', '853', '851', '814', '815', '816', '855', '856', '857', '858', '877', '878', '881', '882', '895', '896', '897', '898'];
