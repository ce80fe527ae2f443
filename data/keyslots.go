package data

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// The way back to an anonymous author (the relay entry of an open item,
// and every outbox message addressed to them) is never written to the
// store in clear. bbolt copies a page on every change and does not wipe
// the page it frees, so a chat id once written stays readable in the file
// long after it was deleted; so would a key stored beside it. Instead each
// such chat id is sealed (AES-GCM) with a key of its own, and the key
// lives in a slot of a small file next to the store that is overwritten
// in place: wiping the slot when the item closes or the message has gone
// leaves, in the store's freed pages, only a ciphertext nobody can open.
//
// The file is written with plain positioned writes and fsync, which
// overwrite the same blocks on ordinary file systems (ext4, xfs, APFS).
// On a copy-on-write file system (btrfs, ZFS) or in a snapshot or backup
// taken while an item was open, the old key may survive; SECURITY.md says
// so. A backup of the store without this file keeps everything but the
// ways back to the authors of open anonymous items.

// keySize is the size of one slot: an AES-256 key.
const keySize = 32

// keySlots is the key file of one store. Slots are reserved in memory
// while the transaction that sealed with them is open, so two writers
// never take the same free slot.
type keySlots struct {
	mu       sync.Mutex
	path     string
	reserved map[int64]bool
}

// newKeySlots returns the key file at path, with no slot reserved: a
// reservation lasts only while a transaction of this store is open.
func newKeySlots(path string) *keySlots {
	return &keySlots{path: path, reserved: map[int64]bool{}}
}

// seal encrypts chat under a fresh key in a free slot. The slot stays
// reserved until tx commits.
func (k *keySlots) seal(tx *bolt.Tx, chat int64) ([]byte, error) {
	key := make([]byte, keySize)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("make a key: %w", err)
	}
	slot, err := k.store(key)
	if err != nil {
		return nil, err
	}
	// A transaction that rolls back wrote no page, so nothing on disk was
	// sealed with the key: it stays behind as 32 unused random bytes.
	tx.OnCommit(func() { k.release(slot) })

	var plain [8]byte
	binary.BigEndian.PutUint64(plain[:], uint64(chat))
	gcm, err := newGCM(key)
	if err != nil {
		return nil, err
	}
	out := binary.BigEndian.AppendUint64(nil, uint64(slot))
	nonce := make([]byte, gcm.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("make a nonce: %w", err)
	}
	out = append(out, nonce...)
	return gcm.Seal(out, nonce, plain[:], out[:8]), nil
}

// open decrypts what seal made; ok is false when its key was wiped (the
// way back is gone for good).
func (k *keySlots) open(sealed []byte) (chat int64, ok bool, err error) {
	if len(sealed) < 8+12 {
		return 0, false, errors.New("sealed chat too short")
	}
	slot := int64(binary.BigEndian.Uint64(sealed[:8]))
	key, err := k.load(slot)
	if err != nil || key == nil {
		return 0, false, err
	}
	gcm, err := newGCM(key)
	if err != nil {
		return 0, false, err
	}
	nonce := sealed[8 : 8+gcm.NonceSize()]
	plain, err := gcm.Open(nil, nonce, sealed[8+gcm.NonceSize():], sealed[:8])
	if err != nil || len(plain) != 8 {
		// A slot wiped and then reused holds another key.
		return 0, false, nil
	}
	return int64(binary.BigEndian.Uint64(plain)), true, nil
}

// slotOf is the slot a sealed chat's key is in.
func slotOf(sealed []byte) (int64, bool) {
	if len(sealed) < 8 {
		return 0, false
	}
	return int64(binary.BigEndian.Uint64(sealed[:8])), true
}

func newGCM(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("key cipher: %w", err)
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("key cipher: %w", err)
	}
	return gcm, nil
}

var zeroKey = make([]byte, keySize)

// store writes key into the first free slot (all zeros, not reserved) and
// returns it.
func (k *keySlots) store(key []byte) (int64, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	f, err := os.OpenFile(k.path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return 0, fmt.Errorf("open key file: %w", err)
	}
	defer f.Close()
	buf := make([]byte, keySize)
	slot := int64(0)
	for ; ; slot++ {
		_, err := f.ReadAt(buf, slot*keySize)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return 0, fmt.Errorf("read key file: %w", err)
		}
		if bytes.Equal(buf, zeroKey) && !k.reserved[slot] {
			break
		}
	}
	if _, err := f.WriteAt(key, slot*keySize); err != nil {
		return 0, fmt.Errorf("write key: %w", err)
	}
	if err := f.Sync(); err != nil {
		return 0, fmt.Errorf("write key: %w", err)
	}
	k.reserved[slot] = true
	return slot, nil
}

// load reads a slot; nil if it was wiped or never written.
func (k *keySlots) load(slot int64) ([]byte, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	f, err := os.Open(k.path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("open key file: %w", err)
	}
	defer f.Close()
	key := make([]byte, keySize)
	if _, err := f.ReadAt(key, slot*keySize); errors.Is(err, io.EOF) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("read key %d: %w", slot, err)
	}
	if bytes.Equal(key, zeroKey) {
		return nil, nil
	}
	return key, nil
}

// wipe overwrites a slot with zeros, in place, and syncs it.
func (k *keySlots) wipe(slot int64) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.reserved, slot)
	f, err := os.OpenFile(k.path, os.O_RDWR, 0o600)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("open key file: %w", err)
	}
	defer f.Close()
	if _, err := f.WriteAt(zeroKey, slot*keySize); err != nil {
		return fmt.Errorf("wipe key %d: %w", slot, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("wipe key %d: %w", slot, err)
	}
	return nil
}

func (k *keySlots) release(slot int64) {
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.reserved, slot)
}
