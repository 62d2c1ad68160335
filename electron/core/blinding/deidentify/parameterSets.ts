// Parameter sets parsed as what they claim to be, to their last bit: a sequence parameter set
// (ITU-T H.264 §7.3.2.1.1, with the VUI and HRD syntax of Annex E.1), a picture parameter set
// (§7.3.2.2) or a sequence parameter set extension (§7.3.2.1.2). Every field is a number with a
// meaning; a set passes only when its syntax ends exactly in rbsp_trailing_bits. Bytes appended
// after a set — where a writer could keep text, since a decoder stops reading at the end of the
// syntax — fail it.
import { bounded, BitReader, rbspOf, RbspError } from './rbsp';

export interface SpsFacts {
  readonly id: number;
  readonly chromaFormatIdc: number;
}

/** profile_idc values whose SPS carries chroma format, bit depths and scaling matrices (§7.3.2.1.1). */
const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

/** scaling_list() (§7.3.2.1.1.1): delta_scale values until one ends the list. */
function scalingList(r: BitReader, size: number): void {
  let last = 8;
  let next = 8;
  for (let j = 0; j < size; j++) {
    if (next !== 0) {
      const delta = r.se();
      if (delta < -128 || delta > 127) throw new RbspError('a scaling list delta is out of range');
      next = (last + delta + 256) % 256;
    }
    last = next === 0 ? last : next;
  }
}

function scalingMatrix(r: BitReader, lists: number): void {
  for (let i = 0; i < lists; i++) if (r.flag()) scalingList(r, i < 6 ? 16 : 64);
}

/** hrd_parameters() (Annex E.1.2). */
function hrd(r: BitReader): void {
  const count = bounded(r.ue(), 31, 'cpb_cnt_minus1') + 1;
  r.u(8); // bit_rate_scale, cpb_size_scale
  for (let i = 0; i < count; i++) {
    r.ue(); // bit_rate_value_minus1
    r.ue(); // cpb_size_value_minus1
    r.u(1); // cbr_flag
  }
  r.u(20); // four 5-bit delay and offset lengths
}

/** vui_parameters() (Annex E.1.1). */
function vui(r: BitReader): void {
  if (r.flag() && r.u(8) === 255) r.u(32); // aspect_ratio_idc; Extended_SAR: sar_width, sar_height
  if (r.flag()) r.u(1); // overscan_appropriate_flag
  if (r.flag()) {
    r.u(4); // video_format, video_full_range_flag
    if (r.flag()) r.u(24); // colour_primaries, transfer_characteristics, matrix_coefficients
  }
  if (r.flag()) {
    r.ue(); // chroma_sample_loc_type_top_field
    r.ue(); // chroma_sample_loc_type_bottom_field
  }
  if (r.flag()) r.u(65); // num_units_in_tick, time_scale, fixed_frame_rate_flag
  const nal = r.flag();
  if (nal) hrd(r);
  const vcl = r.flag();
  if (vcl) hrd(r);
  if (nal || vcl) r.u(1); // low_delay_hrd_flag
  r.u(1); // pic_struct_present_flag
  if (r.flag()) {
    r.u(1); // motion_vectors_over_pic_boundaries_flag
    for (let i = 0; i < 6; i++) r.ue(); // max bytes/bits denominators, mv lengths, reorder, buffering
  }
}

/** seq_parameter_set_rbsp() of a NAL unit (header byte included). Throws RbspError where it does not parse. */
export function parseSps(nal: Buffer): SpsFacts {
  const r = new BitReader(rbspOf(nal));
  const profile = r.u(8);
  r.u(16); // constraint_set flags, reserved_zero_2bits, level_idc
  const id = bounded(r.ue(), 31, 'seq_parameter_set_id');
  let chromaFormatIdc = 1;
  if (HIGH_PROFILES.has(profile)) {
    chromaFormatIdc = bounded(r.ue(), 3, 'chroma_format_idc');
    if (chromaFormatIdc === 3) r.u(1); // separate_colour_plane_flag
    bounded(r.ue(), 6, 'bit_depth_luma_minus8');
    bounded(r.ue(), 6, 'bit_depth_chroma_minus8');
    r.u(1); // qpprime_y_zero_transform_bypass_flag
    if (r.flag()) scalingMatrix(r, chromaFormatIdc !== 3 ? 8 : 12);
  }
  bounded(r.ue(), 12, 'log2_max_frame_num_minus4');
  const pocType = bounded(r.ue(), 2, 'pic_order_cnt_type');
  if (pocType === 0) bounded(r.ue(), 12, 'log2_max_pic_order_cnt_lsb_minus4');
  else if (pocType === 1) {
    r.u(1); // delta_pic_order_always_zero_flag
    r.se(); // offset_for_non_ref_pic
    r.se(); // offset_for_top_to_bottom_field
    const cycle = bounded(r.ue(), 255, 'num_ref_frames_in_pic_order_cnt_cycle');
    for (let i = 0; i < cycle; i++) r.se();
  }
  r.ue(); // max_num_ref_frames
  r.u(1); // gaps_in_frame_num_value_allowed_flag
  r.ue(); // pic_width_in_mbs_minus1
  r.ue(); // pic_height_in_map_units_minus1
  if (!r.flag()) r.u(1); // frame_mbs_only_flag; mb_adaptive_frame_field_flag
  r.u(1); // direct_8x8_inference_flag
  if (r.flag()) for (let i = 0; i < 4; i++) r.ue(); // frame cropping offsets
  if (r.flag()) vui(r);
  r.trailingBits();
  return { id, chromaFormatIdc };
}

/**
 * pic_parameter_set_rbsp() (§7.3.2.2). The chroma format of the SPS it refers to decides how many
 * scaling lists it may carry; an unknown SPS counts as 4:2:0, the only format a copy keeps.
 */
export function parsePps(nal: Buffer, spsChroma: ReadonlyMap<number, number>): void {
  const r = new BitReader(rbspOf(nal));
  bounded(r.ue(), 255, 'pic_parameter_set_id');
  const spsId = bounded(r.ue(), 31, 'seq_parameter_set_id');
  r.u(2); // entropy_coding_mode_flag, bottom_field_pic_order_in_frame_present_flag
  const groups = bounded(r.ue(), 7, 'num_slice_groups_minus1');
  if (groups > 0) {
    const mapType = bounded(r.ue(), 6, 'slice_group_map_type');
    if (mapType === 0) for (let i = 0; i <= groups; i++) r.ue();
    else if (mapType === 2) for (let i = 0; i < groups * 2; i++) r.ue();
    else if (mapType >= 3 && mapType <= 5) {
      r.u(1);
      r.ue();
    } else if (mapType === 6) {
      const units = bounded(r.ue(), 139_264, 'pic_size_in_map_units_minus1') + 1;
      const bits = Math.ceil(Math.log2(groups + 1));
      for (let i = 0; i < units; i++) r.u(bits);
    }
  }
  bounded(r.ue(), 31, 'num_ref_idx_l0_default_active_minus1');
  bounded(r.ue(), 31, 'num_ref_idx_l1_default_active_minus1');
  r.u(3); // weighted_pred_flag, weighted_bipred_idc
  r.se(); // pic_init_qp_minus26
  r.se(); // pic_init_qs_minus26
  r.se(); // chroma_qp_index_offset
  r.u(3); // deblocking, constrained intra, redundant_pic_cnt_present flags
  if (r.moreData()) {
    const transform8x8 = r.u(1);
    if (r.flag()) scalingMatrix(r, 6 + ((spsChroma.get(spsId) ?? 1) !== 3 ? 2 : 6) * transform8x8);
    r.se(); // second_chroma_qp_index_offset
  }
  r.trailingBits();
}

/** seq_parameter_set_extension_rbsp() (§7.3.2.1.2). */
export function parseSpsExtension(nal: Buffer): void {
  const r = new BitReader(rbspOf(nal));
  bounded(r.ue(), 31, 'seq_parameter_set_id');
  const aux = bounded(r.ue(), 3, 'aux_format_idc');
  if (aux !== 0) {
    const depth = bounded(r.ue(), 4, 'bit_depth_aux_minus8') + 9;
    r.u(1); // alpha_incr_flag
    r.u(depth); // alpha_opaque_value
    r.u(depth); // alpha_transparent_value
  }
  r.u(1); // additional_extension_flag
  r.trailingBits();
}

/** Why a NAL unit does not parse as the parameter set its type says, or undefined when it does. */
export function parameterSetProblem(type: number, nal: Buffer, spsChroma: Map<number, number>): string | undefined {
  try {
    if (type === 7) {
      const sps = parseSps(nal);
      spsChroma.set(sps.id, sps.chromaFormatIdc);
    } else if (type === 8) parsePps(nal, spsChroma);
    else if (type === 13) parseSpsExtension(nal);
    return undefined;
  } catch (error) {
    if (error instanceof RbspError) return error.message;
    throw error;
  }
}
